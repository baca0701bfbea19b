/**
 * The Department's policy in code, versioned with effective dates (B4, B5): the terms matrix
 * channel × complexity, what each suspension reason does (B1), the reopen window, the at-risk
 * share, the emergency word lists, the attachment limits, the language rule and the routing
 * policy. A ticket pins the policy version in force on its date of receipt and is judged by
 * it for its whole life, so a new version never rewrites the past.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Channel from "./Channel.ts"
import * as Routing from "./Routing.ts"
import * as Sla from "./Sla.ts"

/**
 * A suspension reason (B1). The charter's two are `awaiting-administration` (the technical
 * evaluation or opinion of another administration) and `awaiting-documents` (documents the
 * citizen must add, R14); a policy may declare more.
 *
 * @since 0.1.0
 * @category models
 */
export const SuspensionReason = Schema.NonEmptyString

/**
 * @since 0.1.0
 * @category models
 */
export type SuspensionReason = typeof SuspensionReason.Type

/**
 * Emergency words (R6) per language. An entry is a word or phrase; a trailing `*` matches any
 * ending (`ferit*` matches ferito, feriti, ferita). Matching ignores case and accents.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmergencyPolicy {
  readonly words: { readonly [language: string]: ReadonlyArray<string> }
  /** The numbers the acknowledgement of a flagged request carries. */
  readonly numbers: ReadonlyArray<string>
}

/**
 * Attachment limits (R7): how many, how large each, how large together, which media types.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttachmentPolicy {
  readonly maxCount: number
  readonly maxBytes: number
  readonly maxTotalBytes: number
  readonly mediaTypes: ReadonlyArray<string>
}

/**
 * The language rule (R5): the languages answered, and when detection is trusted. A text with
 * fewer than `minLetters` letters, or whose best guess is not reliable, goes to an operator.
 *
 * @since 0.1.0
 * @category models
 */
export interface LanguagePolicy {
  readonly supported: ReadonlyArray<string>
  readonly minLetters: number
}

/**
 * One version of the policy, in force from the local date `from` until the next version's.
 *
 * @since 0.1.0
 * @category models
 */
export interface Version {
  readonly id: string
  readonly from: string
  /** Overrides of the channels' default terms, per channel and complexity (B4). */
  readonly terms: { readonly [channel: string]: Partial<Channel.Terms> }
  /** What each reason does: suspend or interrupt, caps, auto-close (B1, B2). */
  readonly suspension: Sla.SuspensionPolicy
  /** A suspension is allowed only under a `Days` term of at least this many days (R14). */
  readonly suspendableFromDays: number
  /** A closed ticket may be reopened within this many calendar days of its closing. */
  readonly reopenWindowDays: number
  /** Share of a term after which a ticket is at risk (warn before breach). */
  readonly atRiskShare: number
  readonly emergency: EmergencyPolicy
  readonly attachments: AttachmentPolicy
  readonly language: LanguagePolicy
  readonly routing: Routing.Policy
}

/**
 * Every version of the policy, in order of `from`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Book {
  readonly versions: readonly [Version, ...Array<Version>]
}

/**
 * A policy that cannot be used; `path` points at the offending part.
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyConfigError extends Schema.TaggedError<PolicyConfigError>()("PolicyConfigError", {
  message: Schema.String,
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number]))
}) {}

/**
 * The charter's emergency words, Italian and English (R6).
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultEmergencyWords: EmergencyPolicy["words"] = {
  it: [
    "incendio in corso", "sta bruciando", "brucia la casa", "fiamme", "fumo in casa",
    "crollo", "crollat*", "sotto le macerie", "macerie",
    "ferit*", "intrappolat*", "bloccat* in casa", "bloccat* sotto",
    "allagat*", "alluvione in corso", "l'acqua sta salendo", "esondazione in corso",
    "frana in corso", "fuga di gas", "odore di gas", "esplosione",
    "non respira", "svenut*", "aiutatemi", "aiuto subito", "sos", "disperso", "dispersi"
  ],
  en: [
    "on fire", "is burning", "flames", "smoke in the house",
    "collapse*", "under the rubble", "rubble",
    "injured", "hurt", "trapped", "stuck under",
    "flooded", "flooding now", "water is rising",
    "landslide now", "gas leak", "smell of gas", "explosion",
    "not breathing", "unconscious", "help me", "help us", "sos", "missing person"
  ]
}

/**
 * The charter's default policy (R11–R15 and the decisions in requirements.md), in force from
 * 2020-01-01 until a later version says otherwise.
 *
 * @since 0.1.0
 * @category defaults
 */
export const charter: Version = {
  id: "charter",
  from: "2020-01-01",
  terms: {},
  suspension: Sla.defaultSuspensionPolicy,
  suspendableFromDays: 40,
  reopenWindowDays: 30,
  atRiskShare: 0.8,
  emergency: { words: defaultEmergencyWords, numbers: ["112", "115", "118"] },
  attachments: {
    maxCount: 10,
    maxBytes: 10 * 1024 * 1024,
    maxTotalBytes: 25 * 1024 * 1024,
    mediaTypes: [
      "application/pdf",
      "application/pkcs7-mime",
      "image/jpeg",
      "image/png",
      "image/tiff",
      "text/plain",
      "application/vnd.oasis.opendocument.text",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/msword"
    ]
  },
  language: { supported: ["it", "en"], minLetters: 12 },
  routing: Routing.departmentDefault
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Validates a set of versions: at least one, unique ids, `from` dates in strictly increasing
 * order, valid terms and suspension rules, sensible limits.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (versions: ReadonlyArray<Version>): Result.Result<Book, PolicyConfigError> => {
  const fail = (message: string, path: Array<string | number>) => Result.fail(new PolicyConfigError({ message, path }))
  if (versions.length === 0) return fail("a policy needs at least one version", ["versions"])
  const ids = new Set<string>()
  const isTerm = Schema.is(Sla.Term)
  const isReasons = Schema.is(Sla.SuspensionPolicy)
  for (const [i, v] of versions.entries()) {
    const at = (...rest: Array<string | number>) => ["versions", i, ...rest]
    if (v.id.length === 0 || ids.has(v.id)) return fail(`version ids must be unique and non-empty ("${v.id}")`, at("id"))
    ids.add(v.id)
    if (!DATE.test(v.from)) return fail(`"from" must be a local date YYYY-MM-DD, not "${v.from}"`, at("from"))
    const previous = versions[i - 1]
    if (previous !== undefined && previous.from >= v.from) {
      return fail(`versions must be in strictly increasing order of "from" (${previous.from} ≥ ${v.from})`, at("from"))
    }
    for (const [channel, row] of Object.entries(v.terms)) {
      for (const [complexity, term] of Object.entries(row)) {
        if (!Schema.is(Channel.Complexity)(complexity)) return fail(`unknown complexity "${complexity}"`, at("terms", channel, complexity))
        if (!isTerm(term)) return fail(`invalid term for ${channel} × ${complexity}`, at("terms", channel, complexity))
      }
    }
    if (!isReasons(v.suspension)) return fail("invalid suspension rules", at("suspension"))
    if (!(v.atRiskShare > 0 && v.atRiskShare <= 1)) return fail("atRiskShare must be in (0, 1]", at("atRiskShare"))
    if (!(v.reopenWindowDays >= 0)) return fail("reopenWindowDays must be ≥ 0", at("reopenWindowDays"))
    const a = v.attachments
    if (!(a.maxCount >= 0 && a.maxBytes >= 0 && a.maxTotalBytes >= 0)) return fail("attachment limits must be ≥ 0", at("attachments"))
    if (v.language.supported.length === 0) return fail("at least one language must be supported", at("language", "supported"))
    for (const [language, words] of Object.entries(v.emergency.words)) {
      if (words.some((w) => w.trim().length === 0)) return fail("emergency words must not be empty", at("emergency", "words", language))
    }
  }
  return Result.succeed({ versions: versions as Book["versions"] })
}

/**
 * The book with the charter's policy as its only version.
 *
 * @since 0.1.0
 * @category defaults
 */
export const departmentDefault: Book = { versions: [charter] }

/**
 * The version in force on a local date (the first version also governs earlier dates).
 *
 * @since 0.1.0
 * @category queries
 */
export const inForce = (book: Book, date: string): Version => {
  let found = book.versions[0]
  for (const v of book.versions) if (v.from <= date) found = v
  return found
}

/**
 * The version with an id (a ticket's pinned version), if the book still has it.
 *
 * @since 0.1.0
 * @category queries
 */
export const byId = (book: Book, id: string): Version | undefined => book.versions.find((v) => v.id === id)

/**
 * The term for a channel and complexity class: the version's override, else the channel's
 * default (B4).
 *
 * @since 0.1.0
 * @category queries
 */
export const termFor = (version: Version, channel: Channel.Definition, complexity: Channel.Complexity): Sla.Term =>
  version.terms[channel.id]?.[complexity] ?? channel.defaultTerms[complexity]

/**
 * A suspension is allowed under this term (only `Days` terms of at least
 * `suspendableFromDays`, R14).
 *
 * @since 0.1.0
 * @category queries
 */
export const isSuspendable = (version: Version, term: Sla.Term): boolean =>
  term._tag === "Days" && term.days >= version.suspendableFromDays
