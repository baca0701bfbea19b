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
  /** Judged against a deadline (see {@link Report}), and of those, on time. */
  readonly judged: number
  readonly onTime: number
}

/**
 * The report of one period.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report extends Counts {
  readonly period: string
  /** Each group's `judged` and `onTime` give its on-time rate (B8: by channel, kind, topic). */
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

/** How a fact's first term is judged at an instant: not judged, on time or late. */
type Judgement = "none" | "on-time" | "late"

/**
 * How a fact's first term stands, independently of any instant: not judged (no deadline, or
 * stopped without being handled), judged on time or late once its clock stopped, or
 * `pending` — still running, and late as of any instant at or after its deadline. Stores that
 * keep counters count the settled judgements and look up the pending ones at report time.
 *
 * @since 0.1.0
 * @category models
 */
export type Standing = "none" | "on-time" | "late" | "pending"

/**
 * The standing of a fact's first term (see {@link Standing}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const standingOf = (fact: Fact): Standing => {
  if (fact.firstDue === undefined) return "none"
  if (fact.firstStoppedAt !== undefined) {
    return fact.firstHandled ? (fact.firstStoppedAt < fact.firstDue ? "on-time" : "late") : "none"
  }
  return "pending"
}

const bump = (record: Record<string, Counts>, key: string, closed: boolean, judgement: Judgement): void => {
  const c = record[key] ?? { received: 0, open: 0, closed: 0, judged: 0, onTime: 0 }
  record[key] = {
    received: c.received + 1,
    open: c.open + (closed ? 0 : 1),
    closed: c.closed + (closed ? 1 : 0),
    judged: c.judged + (judgement === "none" ? 0 : 1),
    onTime: c.onTime + (judgement === "on-time" ? 1 : 0)
  }
}

const judge = (fact: Fact, asOf: number): Judgement => {
  const standing = standingOf(fact)
  return standing !== "pending" ? standing : fact.firstDue! <= asOf ? "late" : "none"
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
 * What statistics need to know of one ticket: no personal data, nothing that depends on the
 * instant of the report. Stores keep one fact per ticket, replaced at every change, and build
 * reports from facts alone (B8, B9).
 *
 * @since 0.1.0
 * @category models
 */
export interface Fact {
  readonly code: string
  readonly receivedAt: number
  /** Local date of receipt. */
  readonly receivedOn: string
  readonly channel: string
  readonly requesterKind: string
  readonly topic: string
  readonly closed: boolean
  /** When the ticket was closed, while it is closed (retention counts from it). */
  readonly closedAt?: number
  readonly outcome?: string
  readonly firstAnsweredAt?: number
  /** The deadline of the first term, when it has one now (not while paused). */
  readonly firstDue?: number
  /** When the first term's clock stopped (answer, hand-off, closing, reopening). */
  readonly firstStoppedAt?: number
  /** Whether that stop handled the request (answered, forwarded, redirected, or reopened after an answer). */
  readonly firstHandled: boolean
}

/**
 * The statistics fact of a ticket.
 *
 * @since 0.1.0
 * @category constructors
 */
export const factOf = (ticket: Ticket.Ticket, env: Ticket.Environment): Fact => {
  const first = ticket.cycles[0]
  const open: Ticket.Ticket = { ...ticket, cycles: [{ startedAt: first.startedAt, suspensions: first.suspensions }] }
  const due = Ticket.deadline(open, env)
  const handled = first.stoppedAt !== undefined &&
    (ticket.cycles.length > 1 || (ticket.outcome !== undefined && HANDLED.has(ticket.outcome)))
  return {
    code: ticket.code,
    receivedAt: ticket.receivedAt,
    receivedOn: Calendar.localDate(env.calendar, ticket.receivedAt),
    channel: ticket.channel,
    requesterKind: ticket.requester.kind,
    topic: ticket.topic ?? "unclassified",
    closed: ticket.status === "closed",
    ...(ticket.status === "closed" && ticket.closedAt !== undefined ? { closedAt: ticket.closedAt } : {}),
    ...(ticket.outcome === undefined ? {} : { outcome: ticket.outcome }),
    ...(ticket.firstAnsweredAt === undefined ? {} : { firstAnsweredAt: ticket.firstAnsweredAt }),
    ...(due._tag === "Due" ? { firstDue: due.at } : {}),
    ...(first.stoppedAt === undefined ? {} : { firstStoppedAt: first.stoppedAt }),
    firstHandled: handled
  }
}

/**
 * Folds statistics facts into one report per period, in order of period. The on-time share
 * judges each ticket's first term: on time when handled before its deadline, late when
 * handled after it or when the deadline passed while it was still open.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFacts = (facts: Iterable<Fact>, options: Options): ReadonlyArray<Report> => {
  const groups = new Map<string, Acc>()
  for (const fact of facts) {
    if (fact.receivedAt > options.asOf) continue
    const key = periodOf(fact.receivedOn, options.period)
    let acc = groups.get(key)
    if (acc === undefined) {
      acc = { received: 0, open: 0, closed: 0, byChannel: {}, byRequesterKind: {}, byTopic: {}, byOutcome: {}, judged: 0, onTime: 0, answerTimes: [] }
      groups.set(key, acc)
    }
    const closed = fact.closed
    const judgement = judge(fact, options.asOf)
    acc.received++
    if (closed) acc.closed++
    else acc.open++
    bump(acc.byChannel, fact.channel, closed, judgement)
    bump(acc.byRequesterKind, fact.requesterKind, closed, judgement)
    bump(acc.byTopic, fact.topic, closed, judgement)
    if (fact.outcome !== undefined) acc.byOutcome[fact.outcome] = (acc.byOutcome[fact.outcome] ?? 0) + 1
    if (fact.firstAnsweredAt !== undefined) acc.answerTimes.push(fact.firstAnsweredAt - fact.receivedAt)
    if (judgement !== "none") acc.judged++
    if (judgement === "on-time") acc.onTime++
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, acc]) => report(period, acc, acc, median(acc.answerTimes)))
}

interface Groups {
  readonly byChannel: Record<string, Counts>
  readonly byRequesterKind: Record<string, Counts>
  readonly byTopic: Record<string, Counts>
  readonly byOutcome: Record<string, number>
}

const report = (period: string, totals: Counts, groups: Groups, median: number | undefined): Report => ({
  period,
  received: totals.received,
  open: totals.open,
  closed: totals.closed,
  byChannel: groups.byChannel,
  byRequesterKind: groups.byRequesterKind,
  byTopic: groups.byTopic,
  byOutcome: groups.byOutcome,
  judged: totals.judged,
  onTime: totals.onTime,
  ...(totals.judged > 0 ? { onTimeRate: totals.onTime / totals.judged } : {}),
  ...(median === undefined ? {} : { medianTimeToAnswer: median })
})

/**
 * What a count of {@link fromCounts} is about: a period's totals (`value` is empty), one
 * group of a dimension, or one outcome (only `received` is read: the tickets closed with it).
 *
 * @since 0.1.0
 * @category models
 */
export type Dimension = "total" | "channel" | "requester-kind" | "topic" | "outcome"

/**
 * One maintained count: the tickets of a period in one group, as {@link fromFacts} would
 * count them at the report's instant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Count extends Counts {
  readonly period: string
  readonly dimension: Dimension
  readonly value: string
}

/**
 * Builds the reports of {@link fromFacts} from counts a store maintains instead of its facts
 * (one count per period, dimension and group; counts with nothing received are ignored) and
 * the median time to answer of each period, which counts cannot give.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCounts = (counts: Iterable<Count>, medians: ReadonlyMap<string, number>): ReadonlyArray<Report> => {
  const totals = new Map<string, Counts>()
  const groups = new Map<string, Groups>()
  for (const count of counts) {
    if (count.received === 0) continue
    const { received, open, closed, judged, onTime } = count
    const counts: Counts = { received, open, closed, judged, onTime }
    if (count.dimension === "total") {
      totals.set(count.period, counts)
      continue
    }
    let g = groups.get(count.period)
    if (g === undefined) {
      g = { byChannel: {}, byRequesterKind: {}, byTopic: {}, byOutcome: {} }
      groups.set(count.period, g)
    }
    if (count.dimension === "channel") g.byChannel[count.value] = counts
    else if (count.dimension === "requester-kind") g.byRequesterKind[count.value] = counts
    else if (count.dimension === "topic") g.byTopic[count.value] = counts
    else g.byOutcome[count.value] = received
  }
  const none: Groups = { byChannel: {}, byRequesterKind: {}, byTopic: {}, byOutcome: {} }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, t]) => report(period, t, groups.get(period) ?? none, medians.get(period)))
}

/**
 * Folds tickets into one report per period, in order of period (through their facts).
 *
 * @since 0.1.0
 * @category constructors
 */
export const compute = (
  tickets: Iterable<Ticket.Ticket>,
  env: Ticket.Environment,
  options: Options
): ReadonlyArray<Report> => fromFacts([...tickets].map((t) => factOf(t, env)), options)
