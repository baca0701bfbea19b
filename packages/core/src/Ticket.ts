/**
 * A ticket's state (la pratica) — the fold of its events — and what is derived from it with
 * the policy version pinned at receipt and the calendar: the term in force, the clock, the
 * deadline, the SLA status (running, at risk, breached, paused, met) and its explanation.
 * Nothing here is stored as a flag (B11): ask again with the same history and the same
 * answer comes back.
 *
 * @since 0.1.0
 */
import type * as Calendar from "./Calendar.ts"
import * as Channel from "./Channel.ts"
import type * as Intake from "./Intake.ts"
import * as Policy from "./Policy.ts"
import type * as Request from "./Request.ts"
import type * as Requester from "./Requester.ts"
import type * as Routing from "./Routing.ts"
import * as Sla from "./Sla.ts"
import type { TicketCode } from "./TicketCode.ts"
import type { ContactMedium, Outcome } from "./TicketEvent.ts"

/**
 * One response term's clock (B11, Zammad #5177: every clock has its own explicit start): it
 * starts at receipt, or at a reopening, and stops at the answer or the closing.
 *
 * @since 0.1.0
 * @category models
 */
export interface Cycle {
  readonly startedAt: number
  readonly suspensions: ReadonlyArray<Sla.Suspension>
  readonly stoppedAt?: number
}

/**
 * The life-cycle status: `open` (the clock runs), `suspended` (a suspension is open: no
 * deadline), `closed` (no clock runs).
 *
 * @since 0.1.0
 * @category models
 */
export type Status = "open" | "suspended" | "closed"

/**
 * A received ticket.
 *
 * @since 0.1.0
 * @category models
 */
export interface Ticket {
  readonly _tag: "Ticket"
  readonly code: TicketCode
  readonly channel: Channel.Id
  readonly requester: Requester.Requester
  readonly content: Request.Content
  readonly screening: Intake.Screening
  readonly language: Intake.LanguageVerdict
  readonly receivedAt: number
  readonly policyVersion: string
  readonly calendarVersion: string
  readonly complexity: Channel.Complexity
  readonly topic?: string
  readonly route?: Routing.Route
  readonly assignee?: string
  readonly consulting: ReadonlyArray<string>
  readonly cycles: readonly [Cycle, ...Array<Cycle>]
  readonly status: Status
  readonly outcome?: Outcome
  readonly closedAt?: number
  readonly acknowledged: boolean
  readonly firstAnsweredAt?: number
  readonly mergedInto?: TicketCode
  readonly duplicates: ReadonlyArray<TicketCode>
  readonly erased: boolean
  /** The campaigns (and one-off contacts) that reached the requester so far (R21). */
  readonly campaigns: ReadonlyArray<string>
  /** Number of events folded so far: the expected version for optimistic concurrency. */
  readonly version: number
  readonly lastEventAt: number
}

/**
 * Before the first event.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unreceived {
  readonly _tag: "Unreceived"
}

/**
 * A ticket's state: nothing yet, or a ticket.
 *
 * @since 0.1.0
 * @category models
 */
export type State = Unreceived | Ticket

/**
 * The state before any event.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unreceived: State = { _tag: "Unreceived" }

/**
 * What derived state needs besides the history: the calendar, the policy book and the
 * channel registry.
 *
 * @since 0.1.0
 * @category models
 */
export interface Environment {
  readonly calendar: Calendar.Calendar
  readonly policies: Policy.Book
  readonly channels: Channel.Registry
}

/**
 * The current (last) cycle.
 *
 * @since 0.1.0
 * @category queries
 */
export const currentCycle = (ticket: Ticket): Cycle => ticket.cycles[ticket.cycles.length - 1]!

/**
 * The open suspension of the current cycle, if any.
 *
 * @since 0.1.0
 * @category queries
 */
export const openSuspension = (ticket: Ticket): Sla.Suspension | undefined => {
  const s = currentCycle(ticket).suspensions.at(-1)
  return s !== undefined && s.to === undefined ? s : undefined
}

/**
 * The SLA clock of a cycle (the current one by default).
 *
 * @since 0.1.0
 * @category queries
 */
export const clock = (ticket: Ticket, cycle: Cycle = currentCycle(ticket)): Sla.Clock => ({
  receivedAt: cycle.startedAt,
  suspensions: cycle.suspensions,
  ...(cycle.stoppedAt === undefined ? {} : { answeredAt: cycle.stoppedAt })
})

/**
 * The policy version the ticket was pinned to at receipt (B5), if the book still has it.
 *
 * @since 0.1.0
 * @category queries
 */
export const policyOf = (ticket: Ticket, env: Pick<Environment, "policies">): Policy.Version | undefined =>
  Policy.byId(env.policies, ticket.policyVersion)

/**
 * The term in force: the pinned policy's term for the channel and current complexity.
 * Undefined when the pinned policy or the channel is unknown.
 *
 * @since 0.1.0
 * @category queries
 */
export const term = (ticket: Ticket, env: Pick<Environment, "policies" | "channels">): Sla.Term | undefined => {
  const policy = policyOf(ticket, env)
  const channel = Channel.find(env.channels, ticket.channel)
  return policy === undefined || channel === undefined ? undefined : Policy.termFor(policy, channel, ticket.complexity)
}

/**
 * The deadline of the current cycle (`Paused` while suspended; `NoDeadline` for immediate
 * terms and unknown policies). A closed ticket's cycle is stopped; its deadline is the one it
 * was judged against.
 *
 * @since 0.1.0
 * @category sla
 */
export const deadline = (ticket: Ticket, env: Environment): Sla.Deadline => {
  const policy = policyOf(ticket, env)
  const t = term(ticket, env)
  if (policy === undefined || t === undefined) return { _tag: "NoDeadline" }
  return Sla.deadline(env.calendar, t, clock(ticket), policy.suspension)
}

/**
 * The SLA status of the current cycle at instant `at` (running, at risk, breached, paused,
 * met), derived from the history every time (B11).
 *
 * @since 0.1.0
 * @category sla
 */
export const slaStatus = (ticket: Ticket, env: Environment, at: number): Sla.Status => {
  const policy = policyOf(ticket, env)
  const t = term(ticket, env)
  if (policy === undefined || t === undefined) return { _tag: "NoDeadline" }
  return Sla.status(env.calendar, t, clock(ticket), at, { policy: policy.suspension, atRiskShare: policy.atRiskShare })
}

/**
 * The auditable explanation of the current deadline (B10).
 *
 * @since 0.1.0
 * @category sla
 */
export const explain = (ticket: Ticket, env: Environment): Sla.Explanation | undefined => {
  const policy = policyOf(ticket, env)
  const t = term(ticket, env)
  if (policy === undefined || t === undefined) return undefined
  return Sla.explain(env.calendar, t, clock(ticket), policy.suspension)
}

/**
 * The instant a ticket awaiting documents is to be closed (R15), if it is awaiting them.
 *
 * @since 0.1.0
 * @category sla
 */
export const autoCloseAt = (ticket: Ticket, env: Environment): number | undefined => {
  const open = openSuspension(ticket)
  const policy = policyOf(ticket, env)
  if (open === undefined || policy === undefined) return undefined
  return Sla.autoCloseAt(env.calendar, open, policy.suspension)
}

/**
 * The language messages to the requester are written in: the request's language when it is
 * supported, else Italian, the service's language.
 *
 * @since 0.1.0
 * @category queries
 */
export const replyLanguage = (ticket: Ticket): string => ticket.language._tag === "Supported" ? ticket.language.language : "it"

/**
 * Whether the requester can be contacted by a medium beyond the answer (R21):
 * - `NoConsent`: they did not consent to it (no consent given counts as no);
 * - `NoContactPoint`: they consented but gave no contact point for it;
 * - `Reachable`: the contact point to use — a phone number for SMS; for e-mail a plain
 *   address, else a PEC address.
 * Consent is looked at first: without it the contact points are not even considered.
 *
 * @since 0.1.0
 * @category queries
 */
export const reachability = (
  ticket: Pick<Ticket, "requester">,
  via: ContactMedium
):
  | { readonly _tag: "Reachable"; readonly to: Requester.ContactPoint }
  | { readonly _tag: "NoConsent" }
  | { readonly _tag: "NoContactPoint" } =>
{
  const consent = ticket.requester.consent
  if (consent === undefined || !(via === "sms" ? consent.sms : consent.email)) return { _tag: "NoConsent" }
  const contacts = ticket.requester.contacts
  const to = via === "sms"
    ? contacts.find((c) => c._tag === "Phone")
    : contacts.find((c) => c._tag === "Email") ?? contacts.find((c) => c._tag === "Pec")
  return to === undefined ? { _tag: "NoContactPoint" } : { _tag: "Reachable", to }
}
