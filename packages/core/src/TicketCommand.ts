/**
 * What can be asked of a ticket. The decider turns a command into events or a typed refusal.
 * Every command says who asks (`by`); the instant comes from the decider's context, never
 * from the command, so that a clock is read once, at the edge.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Channel from "./Channel.ts"
import * as Intake from "./Intake.ts"
import * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"
import * as Routing from "./Routing.ts"
import { Actor, ContactMedium, Outcome } from "./TicketEvent.ts"
import { TicketCode } from "./TicketCode.ts"

const by = { by: Actor }

/**
 * Every command.
 *
 * @since 0.1.0
 * @category models
 */
export const TicketCommand = Schema.TaggedUnion({
  /** Register a screened request (intake). */
  Receive: {
    ...by,
    code: TicketCode,
    channel: Channel.Id,
    requester: Requester.Requester,
    content: Request.Content,
    screening: Intake.Screening,
    idempotencyKey: Schema.optionalKey(Schema.String)
  },
  /** Record that the acknowledgement was sent. */
  Acknowledge: {
    ...by,
    via: Channel.ReplyKind,
    languages: Schema.Array(Request.Language),
    template: Schema.Literals(["received", "unsupported-language"])
  },
  /** An operator decides the language intake could not decide. */
  ResolveLanguage: { ...by, language: Request.Language },
  /** Classify or reclassify: complexity and topic, with why (B4). */
  Classify: { ...by, complexity: Channel.Complexity, topic: Schema.optionalKey(Schema.String), why: Schema.optionalKey(Schema.String) },
  /** Route by the policy (no `route`) or to an explicit route: desk, office (forward) or external body (redirect). */
  Route: { ...by, route: Schema.optionalKey(Routing.Route) },
  /** Assign to an operator. */
  Assign: { ...by, operator: Schema.NonEmptyString },
  /** Ask an internal office (R10): the clock keeps running. */
  ConsultOffice: { ...by, office: Schema.NonEmptyString },
  /** The consulted office replied. */
  RecordOfficeReply: { ...by, office: Schema.NonEmptyString },
  /** Request documents (`awaiting-documents`) or another administration's opinion (`awaiting-administration`). */
  Suspend: { ...by, reason: Schema.NonEmptyString, evidence: Schema.optionalKey(Schema.String) },
  /** Documents or opinion received, through any channel. */
  Resume: { ...by, via: Channel.Id, evidence: Schema.optionalKey(Schema.String) },
  /** Answer: stops the clock and closes the ticket as `answered`. */
  Answer: { ...by, via: Channel.ReplyKind, language: Request.Language, messageRef: Schema.optionalKey(Schema.String) },
  /** Close with an outcome an operator may choose (`withdrawn`, `unanswerable-no-reply-address`, `unsupported-language`). */
  Close: { ...by, outcome: Outcome, note: Schema.optionalKey(Schema.String) },
  /** Close a ticket whose documents did not arrive in time (R15, B2): the timer's command. */
  ExpireDocumentsWait: { ...by },
  /** Reopen within the policy's window. */
  Reopen: { ...by, why: Schema.String },
  /** Close this ticket as a duplicate of `target`. */
  MergeInto: { ...by, target: TicketCode },
  /** Record on the surviving ticket that `duplicate` was merged into it. */
  AttachDuplicate: { ...by, duplicate: TicketCode },
  /** Add an internal note. */
  AddNote: { ...by, text: Schema.String },
  /**
   * Contact the requester beyond the answer (R21), as part of `campaign` (a group contact, or
   * any reference of a one-off contact): only with their consent to this medium and a contact
   * point for it, and once per campaign.
   */
  Contact: { ...by, campaign: Schema.NonEmptyString, via: ContactMedium },
  /** Erase personal data (B9) of a closed ticket. */
  ErasePersonalData: { ...by }
})

/**
 * @since 0.1.0
 * @category models
 */
export type TicketCommand = typeof TicketCommand.Type

/**
 * The commands of one kind.
 *
 * @since 0.1.0
 * @category models
 */
export type Of<Tag extends TicketCommand["_tag"]> = Extract<TicketCommand, { readonly _tag: Tag }>
