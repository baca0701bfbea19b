/**
 * Group contact (R21): the Department writes, by SMS or e-mail, to everyone whose ticket
 * matches some criteria — e.g. everyone with an open ticket on topic X in queue Y — and who
 * consented to that kind of contact. Each recipient gets one message through the outbox under
 * the delivery key `campaign-id:ticket-code`, and the contact is logged on the ticket as a
 * `Contacted` event in the same commit. The decider refuses a second contact for the same
 * campaign, so running a campaign again sends nothing twice: it reaches only those who were
 * not reached before (new tickets, or tickets that failed the first time).
 *
 * Recipients are chosen among open and suspended tickets (the worklists); closed tickets are
 * not searched.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as Calendar from "./Calendar.ts"
import * as Channel from "./Channel.ts"
import { decodeInput, Engine, InvalidInput } from "./Engine.ts"
import * as Requester from "./Requester.ts"
import * as Templates from "./Templates.ts"
import * as Ticket from "./Ticket.ts"
import type { TicketCode } from "./TicketCode.ts"
import { Actor, ContactMedium } from "./TicketEvent.ts"
import { TicketStore } from "./TicketStore.ts"

const LocalDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))

/**
 * Who a campaign is for. Every criterion given must hold; none given means every open and
 * suspended ticket.
 * - `topic`, `queue` (`desk` or an office id), `status`: as in the worklists;
 * - `channels`, `requesterKinds`: any of those listed;
 * - `receivedFrom`, `receivedTo`: local dates of receipt ("YYYY-MM-DD", inclusive).
 *
 * @since 0.1.0
 * @category models
 */
export const Criteria = Schema.Struct({
  topic: Schema.optionalKey(Schema.String),
  queue: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(Schema.Literals(["open", "suspended"])),
  channels: Schema.optionalKey(Schema.Array(Channel.Id)),
  requesterKinds: Schema.optionalKey(Schema.Array(Requester.Kind)),
  receivedFrom: Schema.optionalKey(LocalDate),
  receivedTo: Schema.optionalKey(LocalDate)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Criteria = typeof Criteria.Type

/**
 * A campaign's message in one language. `{code}` in the subject or text is replaced by the
 * recipient's ticket code.
 *
 * @since 0.1.0
 * @category models
 */
export const Message = Schema.Struct({
  subject: Schema.String.check(Schema.isMaxLength(200)),
  text: Schema.NonEmptyString.check(Schema.isMaxLength(2_000))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Message = typeof Message.Type

/**
 * A campaign: its id (part of every delivery key: lower-case letters, digits, `.`, `_`, `-`),
 * who sends it, the medium, who it is for, and its message per language — Italian at least;
 * a recipient gets the message in the language of their request when there is one, else in
 * Italian.
 *
 * @since 0.1.0
 * @category models
 */
export const Campaign = Schema.Struct({
  id: Schema.String.check(Schema.isPattern(/^[a-z0-9][a-z0-9._-]{0,79}$/)),
  by: Actor,
  via: ContactMedium,
  criteria: Criteria,
  messages: Schema.Record(Schema.String, Message)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Campaign = typeof Campaign.Type

/**
 * What became of one selected ticket:
 * - `contacted`: the message is in the outbox and the contact is on the ticket;
 * - `already-contacted`: an earlier run of the campaign reached them;
 * - `no-consent`: they did not consent to this medium;
 * - `no-contact-point`: they consented but gave no phone number (SMS) or e-mail address;
 * - `failed`: the ticket changed or vanished under the run (run the campaign again).
 *
 * @since 0.1.0
 * @category models
 */
export type Result = "contacted" | "already-contacted" | "no-consent" | "no-contact-point" | "failed"

/**
 * What a run did (or, for a preview, would do): how many tickets were selected and what became
 * of each. Codes only, no personal data.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly campaign: string
  readonly selected: number
  readonly contacted: number
  readonly alreadyContacted: number
  readonly skipped: { readonly noConsent: number; readonly noContactPoint: number }
  readonly failed: number
  readonly recipients: ReadonlyArray<{ readonly code: TicketCode; readonly result: Result }>
}

const decodeCampaign = decodeInput(Campaign, "the campaign cannot be read")

const report = (campaign: string, recipients: ReadonlyArray<{ readonly code: TicketCode; readonly result: Result }>): Report => {
  const count = (result: Result) => recipients.filter((r) => r.result === result).length
  return {
    campaign,
    selected: recipients.length,
    contacted: count("contacted"),
    alreadyContacted: count("already-contacted"),
    skipped: { noConsent: count("no-consent"), noContactPoint: count("no-contact-point") },
    failed: count("failed"),
    recipients
  }
}

const execute = Effect.fnUntraced(function*(input: unknown, send: boolean) {
  const campaign = yield* decodeCampaign(input)
  if (campaign.messages["it"] === undefined) {
    return yield* new InvalidInput({
      message: "the campaign cannot be read: messages.it: an Italian message is required",
      issues: [{ path: ["messages", "it"], message: "an Italian message is required" }]
    })
  }
  const engine = yield* Engine
  const store = yield* TicketStore
  const env = yield* engine.environment
  const { criteria } = campaign
  const entries = yield* store.worklist({
    ...(criteria.topic === undefined ? {} : { topic: criteria.topic }),
    ...(criteria.queue === undefined ? {} : { queue: criteria.queue }),
    ...(criteria.status === undefined ? {} : { status: criteria.status })
  })
  const recipients: Array<{ code: TicketCode; result: Result }> = []
  for (const entry of entries) {
    if (criteria.channels !== undefined && !criteria.channels.includes(entry.channel)) continue
    const receivedOn = Calendar.localDate(env.calendar, entry.receivedAt)
    if (criteria.receivedFrom !== undefined && receivedOn < criteria.receivedFrom) continue
    if (criteria.receivedTo !== undefined && receivedOn > criteria.receivedTo) continue
    const details = yield* Effect.result(engine.details(entry.code))
    if (details._tag === "Failure") {
      if (details.failure._tag === "StorageError") return yield* details.failure
      recipients.push({ code: entry.code, result: "failed" })
      continue
    }
    const ticket = details.success.ticket
    if (criteria.requesterKinds !== undefined && !criteria.requesterKinds.includes(ticket.requester.kind)) continue
    if (!send) {
      const reach = Ticket.reachability(ticket, campaign.via)
      recipients.push({
        code: entry.code,
        result: ticket.campaigns.includes(campaign.id)
          ? "already-contacted"
          : reach._tag === "Reachable"
          ? "contacted"
          : reach._tag === "NoConsent"
          ? "no-consent"
          : "no-contact-point"
      })
      continue
    }
    const message = campaign.messages[Ticket.replyLanguage(ticket)] ?? campaign.messages["it"]
    const text = Templates.render({ subject: message.subject, body: message.text }, { code: entry.code })
    const acted = yield* Effect.result(
      engine.act(entry.code, { _tag: "Contact", by: campaign.by, campaign: campaign.id, via: campaign.via }, {
        subject: text.subject,
        text: text.body
      })
    )
    if (acted._tag === "Success") {
      recipients.push({ code: entry.code, result: "contacted" })
      continue
    }
    const error = acted.failure
    if (error._tag === "StorageError") return yield* error
    const result: Result = error._tag !== "TicketRefused"
      ? "failed"
      : error.reason === "nothing-to-change"
      ? "already-contacted"
      : error.reason === "no-consent"
      ? "no-consent"
      : error.reason === "no-contact-point"
      ? "no-contact-point"
      : "failed"
    recipients.push({ code: entry.code, result })
  }
  const done = report(campaign.id, recipients)
  yield* Effect.logInfo(send ? "campaign run" : "campaign preview").pipe(
    Effect.annotateLogs({
      campaign: done.campaign,
      selected: done.selected,
      contacted: done.contacted,
      alreadyContacted: done.alreadyContacted,
      noConsent: done.skipped.noConsent,
      noContactPoint: done.skipped.noContactPoint,
      failed: done.failed
    })
  )
  return done
})

/**
 * Runs a campaign: selects the tickets, and for each one whose requester consented and can be
 * reached, queues the message in the outbox and logs the contact on the ticket, in one commit.
 * Running it again is harmless: who was reached is not reached twice. Fails with
 * `InvalidInput` when the campaign cannot be read (nothing is sent), and with `StorageError`
 * when the store fails (run it again later).
 *
 * @since 0.1.0
 * @category operations
 */
export const run = Effect.fn("Campaigns.run")(function*(campaign: unknown) {
  return yield* execute(campaign, true)
})

/**
 * What a run would do now, without sending or recording anything: the selection and, for
 * each ticket, whether it would be contacted or skipped, and why.
 *
 * @since 0.1.0
 * @category operations
 */
export const preview = Effect.fn("Campaigns.preview")(function*(campaign: unknown) {
  return yield* execute(campaign, false)
})
