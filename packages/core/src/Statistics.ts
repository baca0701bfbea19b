/**
 * Statistics (R19, B8): a fold over tickets giving, per period, the tickets received, open
 * and closed, by channel, requester kind, topic and outcome, the on-time rate and the median
 * time to answer. Only counts and durations come out: no personal data, so the same report
 * serves internal monitoring and the public transparency page, and it survives the erasure
 * of personal data (B9).
 *
 * @since 0.1.0
 */
import * as Calendar from "./Calendar.ts"
import * as Ticket from "./Ticket.ts"

/**
 * How tickets are grouped in time, by their local date of receipt.
 *
 * @since 0.1.0
 * @category models
 */
export type Period = "day" | "month" | "year" | "all"

/**
 * Counts of one group.
 *
 * @since 0.1.0
 * @category models
 */
export interface Counts {
  readonly received: number
  readonly open: number
  readonly closed: number
}

/**
 * The report of one period.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report extends Counts {
  readonly period: string
  readonly byChannel: Readonly<Record<string, Counts>>
  readonly byRequesterKind: Readonly<Record<string, Counts>>
  readonly byTopic: Readonly<Record<string, Counts>>
  readonly byOutcome: Readonly<Record<string, number>>
  /** Tickets judged against a deadline: handled (answered, forwarded, redirected) or breached while open. */
  readonly judged: number
  readonly onTime: number
  /** `onTime / judged`, undefined when nothing was judged. */
  readonly onTimeRate?: number
  /** Median of first answer − receipt over answered tickets, in milliseconds. */
  readonly medianTimeToAnswer?: number
}

const HANDLED = new Set(["answered", "forwarded", "redirected"])

interface Acc {
  received: number
  open: number
  closed: number
  byChannel: Record<string, Counts>
  byRequesterKind: Record<string, Counts>
  byTopic: Record<string, Counts>
  byOutcome: Record<string, number>
  judged: number
  onTime: number
  answerTimes: Array<number>
}

const bump = (record: Record<string, Counts>, key: string, closed: boolean): void => {
  const c = record[key] ?? { received: 0, open: 0, closed: 0 }
  record[key] = { received: c.received + 1, open: c.open + (closed ? 0 : 1), closed: c.closed + (closed ? 1 : 0) }
}

const periodOf = (date: string, period: Period): string =>
  period === "day" ? date : period === "month" ? date.slice(0, 7) : period === "year" ? date.slice(0, 4) : "all"

const median = (values: Array<number>): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Options of {@link compute}: the grouping period and the instant the report is made at
 * (which decides what counts as breached while open).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly period: Period
  readonly asOf: number
}

/**
 * Folds tickets into one report per period, in order of period. The on-time share judges
 * each ticket's first term (its receipt to its first answer or hand-off).
 *
 * @since 0.1.0
 * @category constructors
 */
export const compute = (
  tickets: Iterable<Ticket.Ticket>,
  env: Ticket.Environment,
  options: Options
): ReadonlyArray<Report> => {
  const groups = new Map<string, Acc>()
  for (const ticket of tickets) {
    if (ticket.receivedAt > options.asOf) continue
    const key = periodOf(Calendar.localDate(env.calendar, ticket.receivedAt), options.period)
    let acc = groups.get(key)
    if (acc === undefined) {
      acc = { received: 0, open: 0, closed: 0, byChannel: {}, byRequesterKind: {}, byTopic: {}, byOutcome: {}, judged: 0, onTime: 0, answerTimes: [] }
      groups.set(key, acc)
    }
    const closed = ticket.status === "closed"
    acc.received++
    if (closed) acc.closed++
    else acc.open++
    bump(acc.byChannel, ticket.channel, closed)
    bump(acc.byRequesterKind, ticket.requester.kind, closed)
    bump(acc.byTopic, ticket.topic ?? "unclassified", closed)
    if (ticket.outcome !== undefined) acc.byOutcome[ticket.outcome] = (acc.byOutcome[ticket.outcome] ?? 0) + 1
    if (ticket.firstAnsweredAt !== undefined) acc.answerTimes.push(ticket.firstAnsweredAt - ticket.receivedAt)
    // the first term: judged when handled, or when breached while still running
    const first = ticket.cycles[0]
    const firstOnly: Ticket.Ticket = { ...ticket, cycles: [first] }
    const status = Ticket.slaStatus(firstOnly, env, options.asOf)
    const handled = first.stoppedAt !== undefined &&
      (ticket.cycles.length > 1 || (ticket.outcome !== undefined && HANDLED.has(ticket.outcome)))
    if (status._tag === "Met" && status.due !== undefined && handled) {
      acc.judged++
      if (status.onTime) acc.onTime++
    } else if (status._tag === "Breached") {
      acc.judged++
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, acc]) => {
      const m = median(acc.answerTimes)
      return {
        period,
        received: acc.received,
        open: acc.open,
        closed: acc.closed,
        byChannel: acc.byChannel,
        byRequesterKind: acc.byRequesterKind,
        byTopic: acc.byTopic,
        byOutcome: acc.byOutcome,
        judged: acc.judged,
        onTime: acc.onTime,
        ...(acc.judged > 0 ? { onTimeRate: acc.onTime / acc.judged } : {}),
        ...(m === undefined ? {} : { medianTimeToAnswer: m })
      }
    })
}
