/**
 * The ticket life-cycle as a decider: `decide(command, state, context)` returns the events a
 * command produces or a typed refusal; `evolve(state, event)` folds one event into the state.
 * Both are pure: no I/O, no clock reads — the context brings the instant, the calendar, the
 * policy book and the channel registry.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import * as Calendar from "./Calendar.ts"
import * as Channel from "./Channel.ts"
import * as Policy from "./Policy.ts"
import * as Redaction from "./Redaction.ts"
import * as Requester from "./Requester.ts"
import type * as Routing from "./Routing.ts"
import * as Ticket from "./Ticket.ts"
import type { TicketCommand } from "./TicketCommand.ts"
import type { Outcome, TicketEvent } from "./TicketEvent.ts"

/**
 * What `decide` needs besides the command and the state.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context extends Ticket.Environment {
  /** The instant of the decision, read once by the caller (epoch milliseconds). */
  readonly now: number
}

/**
 * Why a command was refused.
 *
 * @since 0.1.0
 * @category errors
 */
export const RefusalReason = Schema.Literals([
  "not-received",
  "already-received",
  "closed",
  "not-closed",
  "suspended",
  "not-suspended",
  "unknown-channel",
  "unknown-policy",
  "unknown-reason",
  "suspension-not-allowed",
  "not-consulting",
  "outcome-not-allowed",
  "language-not-supported",
  "language-decided",
  "reopen-window-elapsed",
  "not-yet-due",
  "out-of-order",
  "nothing-to-change",
  "no-consent",
  "no-contact-point"
])

/**
 * @since 0.1.0
 * @category errors
 */
export type RefusalReason = typeof RefusalReason.Type

/**
 * A command the ticket refuses: which command, in which status, why (a reason code to match
 * on) and a message a person can act on.
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketRefused extends Schema.TaggedError<TicketRefused>()("TicketRefused", {
  command: Schema.String,
  status: Schema.String,
  reason: RefusalReason,
  message: Schema.String
}) {}

type Decision = Result.Result<ReadonlyArray<TicketEvent>, TicketRefused>

const DAY_MS = 86_400_000

const statusOf = (state: Ticket.State): string => (state._tag === "Unreceived" ? "unreceived" : state.status)

const refuse = (command: TicketCommand, state: Ticket.State, reason: RefusalReason, message: string): Decision =>
  Result.fail(new TicketRefused({ command: command._tag, status: statusOf(state), reason, message }))

const ok = (...events: ReadonlyArray<TicketEvent>): Decision => Result.succeed(events)

const OPERATOR_OUTCOMES: ReadonlyArray<Outcome> = ["withdrawn", "unanswerable-no-reply-address", "unsupported-language"]

/**
 * Decides what a command does to a ticket.
 *
 * @since 0.1.0
 * @category decide
 */
export const decide = (command: TicketCommand, state: Ticket.State, context: Context): Decision => {
  const now = context.now
  const by = command.by
  if (state._tag === "Unreceived") {
    if (command._tag !== "Receive") return refuse(command, state, "not-received", "there is no ticket yet: receive the request first")
    const channel = Channel.find(context.channels, command.channel)
    if (channel === undefined) return refuse(command, state, "unknown-channel", `unknown channel "${command.channel}"`)
    const date = Calendar.localDate(context.calendar, now)
    const policy = Policy.inForce(context.policies, date)
    const received: TicketEvent = {
      _tag: "Received",
      at: now,
      by,
      code: command.code,
      channel: command.channel,
      requester: command.requester,
      content: command.content,
      screening: command.screening,
      complexity: channel.initialComplexity,
      policyVersion: policy.id,
      calendarVersion: Calendar.versionOn(context.calendar, date).id,
      ...(command.idempotencyKey === undefined ? {} : { idempotencyKey: command.idempotencyKey })
    }
    const system = { _tag: "System", component: "intake" } as const
    if (command.screening.answerable !== "yes") {
      return ok(received, { _tag: "Closed", at: now, by: system, outcome: "unanswerable-no-reply-address", note: command.screening.answerable })
    }
    if (command.screening.language._tag === "Unsupported") {
      return ok(received, { _tag: "Closed", at: now, by: system, outcome: "unsupported-language" })
    }
    return ok(received)
  }

  const ticket = state
  if (command._tag === "Receive") return refuse(command, state, "already-received", `ticket ${ticket.code} was already received`)
  if (now < ticket.lastEventAt) {
    return refuse(command, state, "out-of-order", "the command is dated before the ticket's last event")
  }
  const policy = Ticket.policyOf(ticket, context)
  if (policy === undefined) {
    return refuse(command, state, "unknown-policy", `the ticket's policy version "${ticket.policyVersion}" is not in the policy book`)
  }
  const isClosed = ticket.status === "closed"
  const mustBeOpen = (): Decision | undefined =>
    isClosed ? refuse(command, state, "closed", `ticket ${ticket.code} is closed (${ticket.outcome})`) : undefined

  switch (command._tag) {
    case "Acknowledge": {
      if (ticket.acknowledged) return refuse(command, state, "nothing-to-change", "the acknowledgement was already sent")
      return ok({ _tag: "Acknowledged", at: now, by, via: command.via, languages: command.languages, template: command.template })
    }
    case "ResolveLanguage": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.language._tag !== "Undecided") return refuse(command, state, "language-decided", "the language is already decided")
      const language = command.language.toLowerCase()
      if (policy.language.supported.includes(language)) {
        return ok({ _tag: "LanguageResolved", at: now, by, verdict: { _tag: "Supported", language, how: "operator" } })
      }
      return ok(
        { _tag: "LanguageResolved", at: now, by, verdict: { _tag: "Unsupported", language, how: "operator" } },
        { _tag: "Closed", at: now, by, outcome: "unsupported-language" }
      )
    }
    case "Classify": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (command.complexity === ticket.complexity && (command.topic === undefined || command.topic === ticket.topic)) {
        return refuse(command, state, "nothing-to-change", "the ticket already has this classification")
      }
      const channel = Channel.find(context.channels, ticket.channel)
      if (channel === undefined) return refuse(command, state, "unknown-channel", `unknown channel "${ticket.channel}"`)
      const next = Policy.termFor(policy, channel, command.complexity)
      if (Ticket.currentCycle(ticket).suspensions.length > 0 && !Policy.isSuspendable(policy, next)) {
        return refuse(
          command,
          state,
          "suspension-not-allowed",
          `the ticket has been suspended, which only a term of at least ${policy.suspendableFromDays} days allows; it cannot become "${command.complexity}"`
        )
      }
      return ok({
        _tag: "Classified",
        at: now,
        by,
        complexity: command.complexity,
        previous: ticket.complexity,
        ...(command.topic === undefined ? {} : { topic: command.topic }),
        ...(command.why === undefined ? {} : { why: command.why })
      })
    }
    case "Route": {
      const closed = mustBeOpen()
      if (closed) return closed
      const route: Routing.Route = command.route ??
        policy.routing({
          requesterKind: ticket.requester.kind,
          channel: ticket.channel,
          topic: ticket.topic ?? ticket.content.topic,
          emergency: ticket.screening.emergency.flagged
        })
      const routed: TicketEvent = {
        _tag: "Routed",
        at: now,
        by,
        route,
        decidedBy: command.route === undefined ? "policy" : "operator"
      }
      switch (route._tag) {
        case "Desk":
          return ok(routed)
        case "Office":
          return ok(routed, { _tag: "Closed", at: now, by, outcome: "forwarded", note: route.office })
        case "External":
          return ok(routed, { _tag: "Closed", at: now, by, outcome: "redirected", note: route.body })
      }
    }
    case "Assign": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.assignee === command.operator) return refuse(command, state, "nothing-to-change", "already assigned to this operator")
      return ok({ _tag: "Assigned", at: now, by, operator: command.operator })
    }
    case "ConsultOffice": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.consulting.includes(command.office)) {
        return refuse(command, state, "nothing-to-change", `office "${command.office}" is already being consulted`)
      }
      return ok({ _tag: "OfficeConsulted", at: now, by, office: command.office })
    }
    case "RecordOfficeReply": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (!ticket.consulting.includes(command.office)) {
        return refuse(command, state, "not-consulting", `office "${command.office}" was not consulted`)
      }
      return ok({ _tag: "OfficeReplied", at: now, by, office: command.office })
    }
    case "Suspend": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.status === "suspended") return refuse(command, state, "suspended", "the ticket is already suspended")
      const rule = policy.suspension[command.reason]
      if (rule === undefined) {
        return refuse(
          command,
          state,
          "unknown-reason",
          `"${command.reason}" is not a suspension reason of the policy (${Object.keys(policy.suspension).join(", ")})`
        )
      }
      const t = Ticket.term(ticket, context)
      if (t === undefined || !Policy.isSuspendable(policy, t)) {
        return refuse(
          command,
          state,
          "suspension-not-allowed",
          `only a term of at least ${policy.suspendableFromDays} days can be suspended: reclassify the ticket as complex first`
        )
      }
      return ok({
        _tag: "Suspended",
        at: now,
        by,
        reason: command.reason,
        mode: rule.mode,
        ...(command.evidence === undefined ? {} : { evidence: command.evidence })
      })
    }
    case "Resume": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.status !== "suspended") return refuse(command, state, "not-suspended", "the ticket is not suspended")
      return ok({
        _tag: "Resumed",
        at: now,
        by,
        via: command.via,
        ...(command.evidence === undefined ? {} : { evidence: command.evidence })
      })
    }
    case "Answer": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (ticket.status === "suspended") {
        return refuse(command, state, "suspended", "the ticket is suspended: record what arrived (resume) before answering")
      }
      const language = command.language.toLowerCase()
      if (!policy.language.supported.includes(language)) {
        return refuse(command, state, "language-not-supported", `answers are written in ${policy.language.supported.join(" or ")}`)
      }
      const t = Ticket.term(ticket, context)
      if (t === undefined) return refuse(command, state, "unknown-channel", `unknown channel "${ticket.channel}"`)
      return ok(
        {
          _tag: "Answered",
          at: now,
          by,
          via: command.via,
          language,
          term: t,
          ...(command.messageRef === undefined ? {} : { messageRef: command.messageRef })
        },
        { _tag: "Closed", at: now, by, outcome: "answered" }
      )
    }
    case "Close": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (!OPERATOR_OUTCOMES.includes(command.outcome)) {
        return refuse(
          command,
          state,
          "outcome-not-allowed",
          `"${command.outcome}" is recorded by its own command (answer, route, merge, expire documents wait)`
        )
      }
      return ok({ _tag: "Closed", at: now, by, outcome: command.outcome, ...(command.note === undefined ? {} : { note: command.note }) })
    }
    case "ExpireDocumentsWait": {
      const closed = mustBeOpen()
      if (closed) return closed
      const open = Ticket.openSuspension(ticket)
      if (open === undefined) return refuse(command, state, "not-suspended", "the ticket is not waiting for documents")
      const limit = Ticket.autoCloseAt(ticket, context)
      if (limit === undefined) {
        return refuse(command, state, "not-yet-due", `the reason "${open.reason}" has no auto-close limit`)
      }
      if (now < limit) {
        return refuse(command, state, "not-yet-due", `the documents may still arrive until ${new Date(limit).toISOString()}`)
      }
      return ok({ _tag: "Closed", at: now, by, outcome: "documents-not-received" })
    }
    case "Reopen": {
      if (!isClosed) return refuse(command, state, "not-closed", "only a closed ticket can be reopened")
      if (ticket.outcome === "duplicate" || ticket.erased) {
        return refuse(command, state, "closed", "a merged duplicate or an erased ticket cannot be reopened")
      }
      const window = policy.reopenWindowDays * DAY_MS
      if (now - (ticket.closedAt ?? now) > window) {
        return refuse(command, state, "reopen-window-elapsed", `a ticket can be reopened within ${policy.reopenWindowDays} days of its closing`)
      }
      return ok({ _tag: "Reopened", at: now, by, why: command.why })
    }
    case "MergeInto": {
      const closed = mustBeOpen()
      if (closed) return closed
      if (command.target === ticket.code) return refuse(command, state, "nothing-to-change", "a ticket cannot be merged into itself")
      return ok(
        { _tag: "MergedInto", at: now, by, target: command.target },
        { _tag: "Closed", at: now, by, outcome: "duplicate", note: command.target }
      )
    }
    case "AttachDuplicate": {
      if (command.duplicate === ticket.code || ticket.duplicates.includes(command.duplicate)) {
        return refuse(command, state, "nothing-to-change", "this duplicate is already attached")
      }
      return ok({ _tag: "DuplicateAttached", at: now, by, duplicate: command.duplicate })
    }
    case "AddNote":
      return ok({ _tag: "NoteAdded", at: now, by, text: command.text })
    case "Contact": {
      if (ticket.campaigns.includes(command.campaign)) {
        return refuse(command, state, "nothing-to-change", `the requester was already contacted for "${command.campaign}"`)
      }
      const reach = Ticket.reachability(ticket, command.via)
      switch (reach._tag) {
        case "NoConsent":
          return refuse(command, state, "no-consent", `the requester did not consent to be contacted by ${command.via}`)
        case "NoContactPoint":
          return refuse(command, state, "no-contact-point", `the requester gave no contact point for ${command.via}`)
        case "Reachable":
          return ok({ _tag: "Contacted", at: now, by, campaign: command.campaign, via: command.via, to: Requester.replyKind(reach.to) })
      }
    }
    case "ErasePersonalData": {
      if (!isClosed) return refuse(command, state, "not-closed", "personal data is erased only from closed tickets")
      if (ticket.erased) return refuse(command, state, "nothing-to-change", "personal data was already erased")
      return ok({ _tag: "PersonalDataErased", at: now, by })
    }
  }
}

const stopCycle = (ticket: Ticket.Ticket, at: number): Ticket.Ticket["cycles"] => {
  const cycles = [...ticket.cycles] as [Ticket.Cycle, ...Array<Ticket.Cycle>]
  const last = cycles[cycles.length - 1]!
  if (last.stoppedAt !== undefined) return ticket.cycles
  const suspensions = last.suspensions.map((s) => (s.to === undefined ? { ...s, to: at } : s))
  cycles[cycles.length - 1] = { startedAt: last.startedAt, suspensions, stoppedAt: at }
  return cycles
}

const mapCycle = (ticket: Ticket.Ticket, f: (cycle: Ticket.Cycle) => Ticket.Cycle): Ticket.Ticket["cycles"] => {
  const cycles = [...ticket.cycles] as [Ticket.Cycle, ...Array<Ticket.Cycle>]
  cycles[cycles.length - 1] = f(cycles[cycles.length - 1]!)
  return cycles
}

/**
 * Folds one event into the state. Events that do not fit the state (a history that was
 * never produced by `decide`) leave the state unchanged apart from the version.
 *
 * @since 0.1.0
 * @category evolve
 */
export const evolve = (state: Ticket.State, event: TicketEvent): Ticket.State => {
  if (state._tag === "Unreceived") {
    if (event._tag !== "Received") return state
    return {
      _tag: "Ticket",
      code: event.code,
      channel: event.channel,
      requester: event.requester,
      content: event.content,
      screening: event.screening,
      language: event.screening.language,
      receivedAt: event.at,
      policyVersion: event.policyVersion,
      calendarVersion: event.calendarVersion,
      complexity: event.complexity,
      ...(event.content.topic === undefined ? {} : { topic: event.content.topic }),
      consulting: [],
      cycles: [{ startedAt: event.at, suspensions: [] }],
      status: "open",
      acknowledged: false,
      duplicates: [],
      erased: false,
      campaigns: [],
      version: 1,
      lastEventAt: event.at
    }
  }
  const ticket: Ticket.Ticket = { ...state, version: state.version + 1, lastEventAt: Math.max(state.lastEventAt, event.at) }
  switch (event._tag) {
    case "Received":
      return ticket
    case "Acknowledged":
      return { ...ticket, acknowledged: true }
    case "LanguageResolved":
      return { ...ticket, language: event.verdict }
    case "Classified":
      return { ...ticket, complexity: event.complexity, ...(event.topic === undefined ? {} : { topic: event.topic }) }
    case "Routed":
      return { ...ticket, route: event.route }
    case "Assigned":
      return { ...ticket, assignee: event.operator }
    case "OfficeConsulted":
      return { ...ticket, consulting: [...ticket.consulting, event.office] }
    case "OfficeReplied":
      return { ...ticket, consulting: ticket.consulting.filter((o) => o !== event.office) }
    case "Suspended":
      return {
        ...ticket,
        status: "suspended",
        cycles: mapCycle(ticket, (c) => ({ ...c, suspensions: [...c.suspensions, { reason: event.reason, from: event.at }] }))
      }
    case "Resumed":
      return {
        ...ticket,
        status: "open",
        cycles: mapCycle(ticket, (c) => ({
          ...c,
          suspensions: c.suspensions.map((s) => (s.to === undefined ? { ...s, to: event.at } : s))
        }))
      }
    case "Answered":
      return {
        ...ticket,
        cycles: stopCycle(ticket, event.at),
        firstAnsweredAt: ticket.firstAnsweredAt ?? event.at
      }
    case "Closed":
      return {
        ...ticket,
        status: "closed",
        outcome: event.outcome,
        closedAt: event.at,
        consulting: [],
        cycles: stopCycle(ticket, event.at)
      }
    case "Reopened": {
      const { outcome: _outcome, closedAt: _closedAt, ...rest } = ticket
      return { ...rest, status: "open", cycles: [...ticket.cycles, { startedAt: event.at, suspensions: [] }] }
    }
    case "MergedInto":
      return { ...ticket, mergedInto: event.target }
    case "DuplicateAttached":
      return { ...ticket, duplicates: [...ticket.duplicates, event.duplicate] }
    case "NoteAdded":
      return ticket
    case "Contacted":
      return ticket.campaigns.includes(event.campaign) ? ticket : { ...ticket, campaigns: [...ticket.campaigns, event.campaign] }
    case "PersonalDataErased":
      return {
        ...ticket,
        erased: true,
        requester: Requester.erase(ticket.requester),
        content: Redaction.content(ticket.content),
        screening: Redaction.screening(ticket.screening)
      }
  }
}

/**
 * Folds a history from a state (from scratch by default).
 *
 * @since 0.1.0
 * @category evolve
 */
export const fold = (events: Iterable<TicketEvent>, state: Ticket.State = Ticket.unreceived): Ticket.State => {
  let s = state
  for (const e of events) s = evolve(s, e)
  return s
}

/**
 * Decides and folds in one step: the events and the state after them.
 *
 * @since 0.1.0
 * @category decide
 */
export const run = (
  command: TicketCommand,
  state: Ticket.State,
  context: Context
): Result.Result<{ readonly events: ReadonlyArray<TicketEvent>; readonly state: Ticket.State }, TicketRefused> =>
  Result.map(decide(command, state, context), (events) => ({ events, state: fold(events, state) }))

/**
 * {@link decide} as an Effect, for application services.
 *
 * @since 0.1.0
 * @category decide
 */
export const decideEffect: (
  command: TicketCommand,
  state: Ticket.State,
  context: Context
) => Effect.Effect<ReadonlyArray<TicketEvent>, TicketRefused> = Effect.fn("Decider.decide")(
  function*(command: TicketCommand, state: Ticket.State, context: Context) {
    return yield* Effect.fromResult(decide(command, state, context))
  }
)
