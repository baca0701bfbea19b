/**
 * What a store keeps beside a ticket's history, recomputed from the ticket at every change and
 * written in the same transaction as its events (B11): the public status (no personal data),
 * the worklist entry of an open ticket, the statistics fact, and the timers that watch its
 * deadline. Stores never compute these themselves: they persist what `project` returns.
 *
 * @since 0.1.0
 */
import * as Calendar from "./Calendar.ts"
import * as Sla from "./Sla.ts"
import * as Statistics from "./Statistics.ts"
import * as StatusView from "./StatusView.ts"
import * as Ticket from "./Ticket.ts"
import type { TicketCode } from "./TicketCode.ts"

/**
 * An open ticket in a worklist: enough to sort and filter, nothing personal.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorklistEntry {
  readonly code: TicketCode
  readonly status: Ticket.Status
  readonly channel: string
  readonly receivedAt: number
  readonly complexity: string
  readonly topic?: string
  /** `desk`, or the office the ticket was forwarded to. */
  readonly queue: string
  /** The internal offices asked for their part and not yet replied (R10). */
  readonly consulting: ReadonlyArray<string>
  readonly assignee?: string
  /** Flagged as an emergency at intake: handle first. */
  readonly urgent: boolean
  readonly dueAt?: number
  readonly atRiskAt?: number
  readonly pausedSince?: number
  readonly pausedReason?: string
}

/**
 * What a timer does when it fires:
 * - `at-risk`: warn the assignee that the at-risk share of the term is used;
 * - `breach`: tell the supervisors the deadline passed unanswered;
 * - `auto-close`: close a ticket whose awaited documents never came (R15, B2).
 *
 * @since 0.1.0
 * @category models
 */
export type TimerKind = "at-risk" | "breach" | "auto-close"

/**
 * A timer of a ticket. `key` is unique per ticket, kind and instant, so that recomputing the
 * same timer after a change never makes it fire twice.
 *
 * @since 0.1.0
 * @category models
 */
export interface Timer {
  readonly key: string
  readonly code: TicketCode
  readonly kind: TimerKind
  readonly dueAt: number
}

/**
 * Everything a store keeps beside the events of a ticket.
 *
 * @since 0.1.0
 * @category models
 */
export interface Projection {
  readonly code: TicketCode
  readonly version: number
  readonly status: StatusView.View
  /** Present while the ticket is open or suspended. */
  readonly worklist?: WorklistEntry
  readonly fact: Statistics.Fact
  /** The timers pending now; they replace the ticket's unfired timers. */
  readonly timers: ReadonlyArray<Timer>
}

const timer = (code: TicketCode, kind: TimerKind, dueAt: number): Timer => ({ key: `${code}:${kind}:${dueAt}`, code, kind, dueAt })

/**
 * Projects a ticket. Warnings are placed in service time (Zammad #4432: no reminder at
 * midnight or at the weekend unless an emergency period makes it service time); the
 * auto-close acts at its instant.
 *
 * @since 0.1.0
 * @category constructors
 */
export const project = (ticket: Ticket.Ticket, env: Ticket.Environment): Projection => {
  const status = StatusView.view(ticket, env)
  const fact = Statistics.factOf(ticket, env)
  const timers: Array<Timer> = []
  let worklist: WorklistEntry | undefined
  if (ticket.status !== "closed") {
    const deadline = Ticket.deadline(ticket, env)
    const policy = Ticket.policyOf(ticket, env)
    const term = Ticket.term(ticket, env)
    let atRisk: number | undefined
    if (deadline._tag === "Due" && policy !== undefined && term !== undefined) {
      const raw = Sla.atRiskAt(env.calendar, term, Ticket.clock(ticket), policy.atRiskShare, policy.suspension)
      if (raw !== undefined) {
        const notify = Calendar.nextServiceStart(env.calendar, raw)
        if (notify < deadline.at) atRisk = notify
      }
      if (atRisk !== undefined) timers.push(timer(ticket.code, "at-risk", atRisk))
      timers.push(timer(ticket.code, "breach", Calendar.nextServiceStart(env.calendar, deadline.at)))
    }
    const autoClose = Ticket.autoCloseAt(ticket, env)
    if (autoClose !== undefined) timers.push(timer(ticket.code, "auto-close", autoClose))
    const route = ticket.route
    worklist = {
      code: ticket.code,
      status: ticket.status,
      channel: ticket.channel,
      receivedAt: ticket.receivedAt,
      complexity: ticket.complexity,
      ...(ticket.topic === undefined ? {} : { topic: ticket.topic }),
      queue: route !== undefined && route._tag === "Office" ? route.office : "desk",
      consulting: ticket.consulting,
      ...(ticket.assignee === undefined ? {} : { assignee: ticket.assignee }),
      urgent: ticket.screening.emergency.flagged,
      ...(deadline._tag === "Due" ? { dueAt: deadline.at } : {}),
      ...(atRisk === undefined ? {} : { atRiskAt: atRisk }),
      ...(deadline._tag === "Paused" ? { pausedSince: deadline.since, pausedReason: deadline.reason } : {})
    }
  }
  return { code: ticket.code, version: ticket.version, status, ...(worklist === undefined ? {} : { worklist }), fact, timers }
}
