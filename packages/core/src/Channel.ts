/**
 * Channels (canali, R1): where a request comes from. The seven channels of the service
 * charter are built in; integrators declare custom channels (a chat, a kiosk, an app) without
 * editing core, each with its name, the contact points it can reply through, and its default
 * terms (B4).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Sla from "./Sla.ts"

/**
 * A channel identifier: lower-case letters, digits and dashes (`"web-form"`, `"chat-app"`).
 *
 * @since 0.1.0
 * @category models
 */
export const Id = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9-]{0,39}$/))

/**
 * @since 0.1.0
 * @category models
 */
export type Id = typeof Id.Type

/**
 * How complex a request is, in the charter's words (Tempi di risposta):
 * - `knowledge-base`: the operator's knowledge base covers it;
 * - `quick-search`: a quick or simple search of information is needed;
 * - `complex`: it needs deeper work, also by the Department's offices.
 *
 * @since 0.1.0
 * @category models
 */
export const Complexity = Schema.Literals(["knowledge-base", "quick-search", "complex"])

/**
 * @since 0.1.0
 * @category models
 */
export type Complexity = typeof Complexity.Type

/**
 * The kinds of contact point an answer can be sent to.
 *
 * @since 0.1.0
 * @category models
 */
export const ReplyKind = Schema.Literals(["email", "pec", "postal", "fax", "phone"])

/**
 * @since 0.1.0
 * @category models
 */
export type ReplyKind = typeof ReplyKind.Type

/**
 * One term per complexity class: a row of the channel × complexity matrix.
 *
 * @since 0.1.0
 * @category models
 */
export const Terms = Schema.Struct({
  "knowledge-base": Sla.Term,
  "quick-search": Sla.Term,
  complex: Sla.Term
})

/**
 * @since 0.1.0
 * @category models
 */
export type Terms = typeof Terms.Type

/**
 * What a channel is:
 * - `replyTo`: the contact point kinds through which a request from this channel can be
 *   answered, in order of preference (R3, R4);
 * - `defaultTerms`: its row of the terms matrix (a policy may override it);
 * - `initialComplexity`: the class a ticket has until an operator classifies it;
 * - `declaresLanguage`: the channel's form asks for the language (else it is detected);
 * - `attachments`: the channel can carry attachments (R7);
 * - `identityOnCallback`: the requester says who they are in a recording intake cannot read
 *   and is answered by a call back, so a number to call is enough to answer (voicemail, R1).
 *
 * @since 0.1.0
 * @category models
 */
export const Definition = Schema.Struct({
  id: Id,
  name: Schema.NonEmptyString,
  replyTo: Schema.Array(ReplyKind),
  defaultTerms: Terms,
  initialComplexity: Complexity,
  declaresLanguage: Schema.Boolean,
  attachments: Schema.Boolean,
  identityOnCallback: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Definition = typeof Definition.Type

const days40 = Sla.days(40)
const postal: ReadonlyArray<ReplyKind> = ["email", "pec", "postal", "fax"]

/**
 * The toll-free line (numero verde): an operator answers; immediate when the knowledge base
 * covers it, within the day after a quick search, 40 days when complex (R11).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const phone: Definition = {
  id: "phone",
  name: "Numero verde",
  replyTo: ["phone", ...postal],
  defaultTerms: { "knowledge-base": Sla.immediate, "quick-search": Sla.sameDay, complex: days40 },
  initialComplexity: "quick-search",
  declaresLanguage: true,
  attachments: false
}

/**
 * Voicemail (casella vocale): a phone request answered by callback by the end of the next
 * service day (decision under R13).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const voicemail: Definition = {
  id: "voicemail",
  name: "Casella vocale",
  replyTo: ["phone", ...postal],
  defaultTerms: { "knowledge-base": Sla.nextServiceDay, "quick-search": Sla.nextServiceDay, complex: days40 },
  initialComplexity: "quick-search",
  declaresLanguage: false,
  attachments: false,
  identityOnCallback: true
}

/**
 * The online form (modulo online): 7 days, 40 when complex (R12). Its form declares the
 * language.
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const webForm: Definition = {
  id: "web-form",
  name: "Modulo online",
  replyTo: ["email", "pec", "postal", "fax"],
  defaultTerms: { "knowledge-base": Sla.days(7), "quick-search": Sla.days(7), complex: days40 },
  initialComplexity: "quick-search",
  declaresLanguage: true,
  attachments: true
}

const fortyDays = (id: Id, name: string, first: ReplyKind): Definition => ({
  id,
  name,
  replyTo: [first, ...postal.filter((k) => k !== first)],
  defaultTerms: { "knowledge-base": days40, "quick-search": days40, complex: days40 },
  initialComplexity: "quick-search",
  declaresLanguage: false,
  attachments: true
})

/**
 * Plain e-mail: follows the letter/fax/PEC rule, 40 days (decision under R13).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const email: Definition = fortyDays("email", "E-mail", "email")

/**
 * PEC (posta elettronica certificata): 40 days (R13).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const pec: Definition = fortyDays("pec", "PEC", "pec")

/**
 * Fax: 40 days (R13).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const fax: Definition = fortyDays("fax", "Fax", "fax")

/**
 * Postal letter (lettera): 40 days (R13).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const letter: Definition = fortyDays("letter", "Lettera", "postal")

/**
 * The seven channels of the charter (R1).
 *
 * @since 0.1.0
 * @category built-in channels
 */
export const builtIn: ReadonlyArray<Definition> = [phone, voicemail, webForm, email, pec, fax, letter]

/**
 * A channel declaration that is not valid, or clashes with another one.
 *
 * @since 0.1.0
 * @category errors
 */
export class ChannelConfigError extends Schema.TaggedError<ChannelConfigError>()("ChannelConfigError", {
  message: Schema.String,
  channel: Schema.String
}) {}

/**
 * The channels an engine knows: the built-in ones plus the integrator's custom ones.
 *
 * @since 0.1.0
 * @category models
 */
export interface Registry {
  readonly channels: ReadonlyMap<Id, Definition>
}

const decodeDefinition = Schema.decodeUnknownResult(Definition)

/**
 * Declares a custom channel (validated with Schema): its id must not be a built-in one and
 * it must say how it replies and what its terms are.
 *
 * @since 0.1.0
 * @category constructors
 */
export const custom = (input: unknown): Result.Result<Definition, ChannelConfigError> => {
  const decoded = decodeDefinition(input)
  const id = typeof input === "object" && input !== null && "id" in input ? String(input.id) : "?"
  if (Result.isFailure(decoded)) {
    return Result.fail(new ChannelConfigError({ channel: id, message: `invalid channel "${id}": ${decoded.failure.message}` }))
  }
  if (builtIn.some((c) => c.id === decoded.success.id)) {
    return Result.fail(new ChannelConfigError({ channel: id, message: `"${id}" is a built-in channel; choose another id` }))
  }
  return Result.succeed(decoded.success)
}

/**
 * A registry of the built-in channels plus `customs`; two channels with one id are refused.
 *
 * @since 0.1.0
 * @category constructors
 */
export const registry = (customs: ReadonlyArray<Definition> = []): Result.Result<Registry, ChannelConfigError> => {
  const channels = new Map<Id, Definition>()
  for (const c of [...builtIn, ...customs]) {
    if (channels.has(c.id)) {
      return Result.fail(new ChannelConfigError({ channel: c.id, message: `channel "${c.id}" is declared twice` }))
    }
    channels.set(c.id, c)
  }
  return Result.succeed({ channels })
}

/**
 * The registry of the seven built-in channels.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultRegistry: Registry = { channels: new Map(builtIn.map((c) => [c.id, c])) }

/**
 * Looks a channel up.
 *
 * @since 0.1.0
 * @category queries
 */
export const find = (registry: Registry, id: Id): Definition | undefined => registry.channels.get(id)
