/**
 * The facts of a ticket's history (R24, B11). A ticket is the append-only list of these
 * events; its state, deadline, routing and statistics are folds of them. Every event records
 * who did it (`by`) and when (`at`, epoch milliseconds).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Channel from "./Channel.ts"
import * as Intake from "./Intake.ts"
import * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"
import * as Routing from "./Routing.ts"
import * as Sla from "./Sla.ts"
import { TicketCode } from "./TicketCode.ts"

/**
 * Who did something: an operator of the Contact Center, an office of the Department, the
 * system (intake, timers), or the requester. Ids are staff or office ids, never names.
 *
 * @since 0.1.0
 * @category models
 */
export const Actor = Schema.Union([
  Schema.TaggedStruct("Operator", { id: Schema.NonEmptyString }),
  Schema.TaggedStruct("Office", { id: Schema.NonEmptyString }),
  Schema.TaggedStruct("System", { component: Schema.NonEmptyString }),
  Schema.TaggedStruct("Requester", {})
])

/**
 * @since 0.1.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * How a ticket ended (B6).
 *
 * @since 0.1.0
 * @category models
 */
export const Outcome = Schema.Literals([
  "answered",
  "forwarded",
  "redirected",
  "unanswerable-no-reply-address",
  "unsupported-language",
  "documents-not-received",
  "duplicate",
  "withdrawn"
])

/**
 * @since 0.1.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * How the Department contacts a requester beyond the answer (R21): by SMS to a phone number,
 * or by e-mail (a plain address first, else a PEC address).
 *
 * @since 0.1.0
 * @category models
 */
export const ContactMedium = Schema.Literals(["sms", "email"])

/**
 * @since 0.1.0
 * @category models
 */
export type ContactMedium = typeof ContactMedium.Type

const who = { at: Schema.Number, by: Actor }

/**
 * Every event of a ticket.
 *
 * @since 0.1.0
 * @category models
 */
export const TicketEvent = Schema.TaggedUnion({
  /** The request was registered, with the policy and calendar versions it is judged by. */
  Received: {
    ...who,
    code: TicketCode,
    channel: Channel.Id,
    requester: Requester.Requester,
    content: Request.Content,
    screening: Intake.Screening,
    complexity: Channel.Complexity,
    policyVersion: Schema.String,
    calendarVersion: Schema.String,
    idempotencyKey: Schema.optionalKey(Schema.String)
  },
  /** The acknowledgement (presa in carico) was sent. */
  Acknowledged: {
    ...who,
    via: Channel.ReplyKind,
    languages: Schema.Array(Request.Language),
    template: Schema.Literals(["received", "unsupported-language"])
  },
  /** An operator decided the language of a request intake could not decide. */
  LanguageResolved: { ...who, verdict: Intake.LanguageVerdict },
  /** Classified or reclassified (B4): complexity and topic, with the reason. */
  Classified: {
    ...who,
    complexity: Channel.Complexity,
    previous: Channel.Complexity,
    topic: Schema.optionalKey(Schema.String),
    why: Schema.optionalKey(Schema.String)
  },
  /** Routed to the desk, forwarded to an office or redirected to an external body. */
  Routed: { ...who, route: Routing.Route, decidedBy: Schema.Literals(["policy", "operator"]) },
  /** Assigned to an operator. */
  Assigned: { ...who, operator: Schema.NonEmptyString },
  /** An internal office was asked (R10): the clock keeps running. */
  OfficeConsulted: { ...who, office: Schema.NonEmptyString },
  /** The consulted office replied. */
  OfficeReplied: { ...who, office: Schema.NonEmptyString },
  /** The clock was suspended or interrupted for a reason (R14, B1), with evidence. */
  Suspended: {
    ...who,
    reason: Schema.NonEmptyString,
    mode: Schema.Literals(["suspend", "interrupt"]),
    evidence: Schema.optionalKey(Schema.String)
  },
  /** What was awaited arrived, through any channel: the clock resumes. */
  Resumed: { ...who, via: Channel.Id, evidence: Schema.optionalKey(Schema.String) },
  /** The answer was sent: it stops the clock of the current term. */
  Answered: {
    ...who,
    via: Channel.ReplyKind,
    language: Request.Language,
    term: Sla.Term,
    messageRef: Schema.optionalKey(Schema.String)
  },
  /** The ticket ended with an outcome. */
  Closed: { ...who, outcome: Outcome, note: Schema.optionalKey(Schema.String) },
  /** Reopened within the window: a new term starts now. */
  Reopened: { ...who, why: Schema.String },
  /** This ticket is a duplicate of `target`. */
  MergedInto: { ...who, target: TicketCode },
  /** `duplicate` was merged into this ticket. */
  DuplicateAttached: { ...who, duplicate: TicketCode },
  /** An internal note. */
  NoteAdded: { ...who, text: Schema.String },
  /**
   * The requester was contacted beyond the answer (R21), one by one or in a group: which
   * campaign (or one-off reference), by which medium, to which kind of contact point. The
   * message itself is in the outbox under the delivery key `campaign:code`; the event holds
   * no address and no text.
   */
  Contacted: { ...who, campaign: Schema.NonEmptyString, via: ContactMedium, to: Channel.ReplyKind },
  /** Personal data was erased (B9); the facts for statistics stay. */
  PersonalDataErased: { ...who }
})

/**
 * @since 0.1.0
 * @category models
 */
export type TicketEvent = typeof TicketEvent.Type

/**
 * The events of one kind.
 *
 * @since 0.1.0
 * @category models
 */
export type Of<Tag extends TicketEvent["_tag"]> = Extract<TicketEvent, { readonly _tag: Tag }>
