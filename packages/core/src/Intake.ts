/**
 * Intake rules (R3–R7): what is checked before a request becomes a ticket, and the
 * acknowledgement (presa in carico) that follows. Nothing here refuses a request: every
 * request is registered (R19); the screening says whether it can be answered, in which
 * language, whether it reads like an emergency, and which attachments were refused.
 *
 * - Identity and a reply address are required for an answer (R4); without them the ticket
 *   is registered and closed as `unanswerable-no-reply-address`. A voicemail's caller gives
 *   their name in the recording: a number to call back is enough (R1).
 * - Only Italian and English are answered (R5): a declared language is honoured; free text
 *   is identified by the {@link LanguageDetector} port; text too short or too mixed to decide
 *   goes to an operator instead of being rejected.
 * - Emergency-like requests are flagged and acknowledged with the emergency numbers (R6);
 *   the word lists are policy data.
 * - Attachments over the policy's limits are refused one by one, with the reason, and
 *   nothing else of the request is lost (R7).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type * as Channel from "./Channel.ts"
import * as LanguageDetector from "./LanguageDetector.ts"
import type * as Policy from "./Policy.ts"
import * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"
import type { TicketCode } from "./TicketCode.ts"

/**
 * The language of a request, as intake judged it:
 * - `Supported`: Italian or English (declared or detected), answered in that language;
 * - `Unsupported`: another language, closed as `unsupported-language` with a bilingual notice;
 * - `Undecided`: too short or too mixed to tell; an operator decides.
 *
 * @since 0.1.0
 * @category models
 */
export const LanguageVerdict = Schema.Union([
  Schema.TaggedStruct("Supported", { language: Request.Language, how: Schema.Literals(["declared", "detected", "operator"]) }),
  Schema.TaggedStruct("Unsupported", { language: Request.Language, how: Schema.Literals(["declared", "detected", "operator"]) }),
  Schema.TaggedStruct("Undecided", { why: Schema.Literals(["too-short", "unreliable", "mixed"]) })
])

/**
 * @since 0.1.0
 * @category models
 */
export type LanguageVerdict = typeof LanguageVerdict.Type

/**
 * Why an attachment was refused.
 *
 * @since 0.1.0
 * @category models
 */
export const RefusalReason = Schema.Literals(["channel", "media-type", "size", "count", "total-size"])

/**
 * @since 0.1.0
 * @category models
 */
export type RefusalReason = typeof RefusalReason.Type

/**
 * An attachment that was not kept, and why.
 *
 * @since 0.1.0
 * @category models
 */
export const RefusedAttachment = Schema.Struct({ attachment: Request.Attachment, reason: RefusalReason })

/**
 * @since 0.1.0
 * @category models
 */
export type RefusedAttachment = typeof RefusedAttachment.Type

/**
 * The outcome of intake checks, recorded in the `Received` event.
 *
 * @since 0.1.0
 * @category models
 */
export const Screening = Schema.Struct({
  answerable: Schema.Literals(["yes", "no-identity", "no-reply-address"]),
  language: LanguageVerdict,
  emergency: Schema.Struct({ flagged: Schema.Boolean, matched: Schema.Array(Schema.String) }),
  attachments: Schema.Struct({ accepted: Schema.Array(Request.Attachment), refused: Schema.Array(RefusedAttachment) })
})

/**
 * @since 0.1.0
 * @category models
 */
export type Screening = typeof Screening.Type

/**
 * The refused attachments of a request as a typed error, for the channel that can tell the
 * sender at once (the web form): it lists each refused file and why; the request itself is
 * registered with everything else.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttachmentsRefused extends Schema.TaggedError<AttachmentsRefused>()("AttachmentsRefused", {
  refused: Schema.Array(RefusedAttachment),
  message: Schema.String
}) {}

const REASON_TEXT: Record<RefusalReason, string> = {
  channel: "this channel does not carry attachments",
  "media-type": "file type not accepted",
  size: "file too large",
  count: "too many attachments",
  "total-size": "attachments too large together"
}

/**
 * The error listing the refused attachments, or undefined when none was refused.
 *
 * @since 0.1.0
 * @category errors
 */
export const attachmentsRefused = (screening: Screening): AttachmentsRefused | undefined => {
  const refused = screening.attachments.refused
  if (refused.length === 0) return undefined
  const list = refused.map((r) => `${r.attachment.name} (${REASON_TEXT[r.reason]})`).join("; ")
  return new AttachmentsRefused({ refused, message: `attachments refused: ${list}; the request was registered without them` })
}

/**
 * Applies the attachment limits in order of arrival: a file of a type not accepted or too
 * large is refused; then files past the count or the total size are refused.
 *
 * @since 0.1.0
 * @category rules
 */
export const screenAttachments = (
  attachments: ReadonlyArray<Request.Attachment>,
  channel: Channel.Definition,
  policy: Policy.AttachmentPolicy
): Screening["attachments"] => {
  const accepted: Array<Request.Attachment> = []
  const refused: Array<RefusedAttachment> = []
  let total = 0
  for (const attachment of attachments) {
    const reason: RefusalReason | undefined = !channel.attachments
      ? "channel"
      : !policy.mediaTypes.includes(attachment.mediaType.toLowerCase())
      ? "media-type"
      : attachment.size > policy.maxBytes
      ? "size"
      : accepted.length >= policy.maxCount
      ? "count"
      : total + attachment.size > policy.maxTotalBytes
      ? "total-size"
      : undefined
    if (reason === undefined) {
      accepted.push(attachment)
      total += attachment.size
    } else refused.push({ attachment, reason })
  }
  return { accepted, refused }
}

const fold = (text: string): string => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’`]/g, "'")

const patternOf = (entry: string): RegExp => {
  const parts = fold(entry.trim()).split(/\s+/).map((w) => {
    const stem = w.endsWith("*") ? w.slice(0, -1) : w
    const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    return w.endsWith("*") ? `${escaped}[\\p{L}]*` : escaped
  })
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join("\\s+")}(?![\\p{L}\\p{N}])`, "u")
}

const patternCache = new WeakMap<Policy.EmergencyPolicy, ReadonlyArray<readonly [string, RegExp]>>()

/**
 * The emergency entries (R6) the text matches, whatever its language. Matching ignores case
 * and accents; a trailing `*` matches any ending.
 *
 * @since 0.1.0
 * @category rules
 */
export const emergencyMatches = (text: string, policy: Policy.EmergencyPolicy): ReadonlyArray<string> => {
  let patterns = patternCache.get(policy)
  if (patterns === undefined) {
    patterns = Object.values(policy.words).flat().map((w) => [w, patternOf(w)] as const)
    patternCache.set(policy, patterns)
  }
  const folded = fold(text)
  return [...new Set(patterns.filter(([, p]) => p.test(folded)).map(([w]) => w))]
}

const MIXED_MARGIN = 0.05

/**
 * The language rule (R5): a declared language is honoured; otherwise the detector decides,
 * unless the text has too few letters, the detector is not sure, or a supported language
 * scores within a hair of an unsupported best guess — then an operator decides.
 *
 * @since 0.1.0
 * @category rules
 */
export const assessLanguage = (
  content: Request.Content,
  policy: Policy.LanguagePolicy,
  detector: LanguageDetector.Detector
): LanguageVerdict => {
  const supported = (language: string) => policy.supported.includes(language)
  if (content.language !== undefined) {
    const language = content.language.toLowerCase()
    return supported(language)
      ? { _tag: "Supported", language, how: "declared" }
      : { _tag: "Unsupported", language, how: "declared" }
  }
  const text = [content.subject ?? "", content.text].join("\n")
  const letters = text.match(/\p{L}/gu)?.length ?? 0
  if (letters < policy.minLetters) return { _tag: "Undecided", why: "too-short" }
  const guess = detector.detect(text)
  if (guess.language === "" || !guess.reliable) return { _tag: "Undecided", why: "unreliable" }
  if (supported(guess.language)) return { _tag: "Supported", language: guess.language, how: "detected" }
  const best = guess.scores[0]?.score ?? 0
  const close = guess.scores.some((s) => supported(s.language) && best - s.score <= MIXED_MARGIN)
  return close ? { _tag: "Undecided", why: "mixed" } : { _tag: "Unsupported", language: guess.language, how: "detected" }
}

/**
 * What intake receives from a channel adapter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Submission {
  readonly channel: Channel.Definition
  readonly requester: Requester.Requester
  readonly content: Request.Content
}

/**
 * Screens a submission with a given detector (pure).
 *
 * @since 0.1.0
 * @category rules
 */
export const screenWith = (
  submission: Submission,
  policy: Policy.Version,
  detector: LanguageDetector.Detector
): Screening => {
  const { channel, content, requester } = submission
  const matched = emergencyMatches([content.subject ?? "", content.text].join("\n"), policy.emergency)
  return {
    answerable: requester.identity === undefined && !Requester.identifiedOnCallback(requester, channel)
      ? "no-identity"
      : Requester.replyAddress(requester, channel) === undefined
      ? "no-reply-address"
      : "yes",
    language: assessLanguage(content, policy.language, detector),
    emergency: { flagged: matched.length > 0, matched },
    attachments: screenAttachments(content.attachments, channel, policy.attachments)
  }
}

/**
 * Screens a submission with the {@link LanguageDetector} service.
 *
 * @since 0.1.0
 * @category rules
 */
export const screen = Effect.fn("Intake.screen")(function*(submission: Submission, policy: Policy.Version) {
  const detector = yield* LanguageDetector.LanguageDetector
  return screenWith(submission, policy, detector)
})

/**
 * The acknowledgement to send (R3, R5, R6): to the reply address through its own channel,
 * in the request's language (both languages when it is unsupported or undecided), with the
 * ticket code, a summary of what was received, the refused attachments, and the emergency
 * numbers when the request was flagged. Undefined when there is no address to send it to.
 * The web form and the voicemail greeting carry the "not an emergency service" notice too;
 * the acknowledgement always does.
 *
 * @since 0.1.0
 * @category acknowledgement
 */
export interface Acknowledgement {
  readonly to: Requester.ContactPoint
  readonly via: Channel.ReplyKind
  readonly languages: ReadonlyArray<string>
  readonly template: "received" | "unsupported-language"
  readonly code: TicketCode
  readonly summary: {
    readonly channel: string
    readonly kind: Request.Kind
    readonly subject?: string
    readonly text: string
    readonly attachments: ReadonlyArray<string>
    readonly refusedAttachments: ReadonlyArray<RefusedAttachment>
  }
  readonly emergencyNumbers: ReadonlyArray<string>
  readonly notEmergencyService: true
}

/**
 * Builds the acknowledgement of a screened request, or undefined without a reply address.
 *
 * @since 0.1.0
 * @category acknowledgement
 */
export const acknowledgement = (
  submission: Submission,
  screening: Screening,
  code: TicketCode,
  policy: Policy.Version
): Acknowledgement | undefined => {
  const to = Requester.replyAddress(submission.requester, submission.channel)
  if (to === undefined) return undefined
  const verdict = screening.language
  const languages = verdict._tag === "Supported" ? [verdict.language] : policy.language.supported
  return {
    to,
    via: Requester.replyKind(to),
    languages,
    template: verdict._tag === "Unsupported" ? "unsupported-language" : "received",
    code,
    summary: {
      channel: submission.channel.name,
      kind: submission.content.kind,
      ...(submission.content.subject === undefined ? {} : { subject: submission.content.subject }),
      text: submission.content.text,
      attachments: screening.attachments.accepted.map((a) => a.name),
      refusedAttachments: screening.attachments.refused
    },
    emergencyNumbers: screening.emergency.flagged ? policy.emergency.numbers : [],
    notEmergencyService: true
  }
}
