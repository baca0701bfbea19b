/**
 * The SLA clock: the response terms of the service charter (R11–R15) and the exact
 * arithmetic of `sla-semantics.md` — deadlines, suspensions and interruptions with a reason
 * (B1), auto-close limits (B2), an auditable explanation of every deadline (B10), and the
 * status of a clock at an instant, derived from its history every time (B11).
 *
 * A deadline is a pure function of the calendar, the term and the clock's history: nothing
 * is stored, so nothing goes stale when a policy changes (Zammad #4353, osTicket #5160), and
 * an open suspension means "paused" — no deadline at all, never a moving fake one (Znuny's
 * EscalationSuspend).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { Calendar } from "./Calendar.ts"
import * as CalendarModule from "./Calendar.ts"
import * as Holidays from "./Holidays.ts"
import { civil, formatDate, isoWeekday } from "./internal/civil.ts"
import { type ServiceTable, TableKey } from "./internal/serviceTable.ts"

// -----------------------------------------------------------------------------
// Terms
// -----------------------------------------------------------------------------

/**
 * A response term (sla-semantics.md, "Terms"):
 * - `Immediate`: answered during the call, no deadline;
 * - `SameDay`: by the end of service time on the service day of receipt;
 * - `NextServiceDay`: by the end of service time on the first service day after receipt;
 * - `Days`: N calendar days, rolled forward to a service day (the 7- and 40-day terms);
 * - `ServiceTime`: an amount of service time (e.g. "callback within 4 service hours").
 *
 * @since 0.1.0
 * @category models
 */
export const Term = Schema.Union([
  Schema.TaggedStruct("Immediate", {}),
  Schema.TaggedStruct("SameDay", {}),
  Schema.TaggedStruct("NextServiceDay", {}),
  Schema.TaggedStruct("Days", { days: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)) }),
  Schema.TaggedStruct("ServiceTime", { minutes: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)) })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Term = typeof Term.Type

/**
 * Answered during the call: no deadline.
 *
 * @since 0.1.0
 * @category terms
 */
export const immediate: Term = { _tag: "Immediate" }

/**
 * By the end of service time on the service day of receipt.
 *
 * @since 0.1.0
 * @category terms
 */
export const sameDay: Term = { _tag: "SameDay" }

/**
 * By the end of service time on the first service day after the date of receipt.
 *
 * @since 0.1.0
 * @category terms
 */
export const nextServiceDay: Term = { _tag: "NextServiceDay" }

/**
 * Within `n` calendar days; a due date without service moves to the next service day.
 *
 * @since 0.1.0
 * @category terms
 */
export const days = (n: number): Term => ({ _tag: "Days", days: n })

/**
 * Within an amount of service time.
 *
 * @since 0.1.0
 * @category terms
 */
export const serviceTime = (amount: { readonly hours?: number; readonly minutes?: number }): Term => ({
  _tag: "ServiceTime",
  minutes: (amount.hours ?? 0) * 60 + (amount.minutes ?? 0)
})

// -----------------------------------------------------------------------------
// Clock history and policy
// -----------------------------------------------------------------------------

/**
 * A suspension (or interruption) of the clock with its reason: `[from, to)`, open while `to`
 * is absent. Instants are epoch milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export const Suspension = Schema.Struct({
  reason: Schema.String,
  from: Schema.Number,
  to: Schema.optionalKey(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Suspension = typeof Suspension.Type

/**
 * What the clock of one term has been through: receipt, suspensions in order (they never
 * overlap, never precede receipt, and only the last may be open), and the answer if any.
 *
 * @since 0.1.0
 * @category models
 */
export const Clock = Schema.Struct({
  receivedAt: Schema.Number,
  suspensions: Schema.Array(Suspension),
  answeredAt: Schema.optionalKey(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Clock = typeof Clock.Type

/**
 * What a suspension reason does (B1): `suspend` keeps the time already used and pauses the
 * clock; `interrupt` restarts the term in full when it ends. `maxDays` caps how long it can
 * hold the clock (calendar days; it ends by itself then); `autoClose` is a limit counted from
 * its start after which the ticket is closed (R15, B2).
 *
 * @since 0.1.0
 * @category models
 */
export const ReasonPolicy = Schema.Struct({
  mode: Schema.Literals(["suspend", "interrupt"]),
  maxDays: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  autoClose: Schema.optionalKey(Term)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ReasonPolicy = typeof ReasonPolicy.Type

/**
 * The behaviour of each suspension reason. A reason missing from the policy suspends.
 *
 * @since 0.1.0
 * @category models
 */
export const SuspensionPolicy = Schema.Record(Schema.String, ReasonPolicy)

/**
 * @since 0.1.0
 * @category models
 */
export type SuspensionPolicy = typeof SuspensionPolicy.Type

/**
 * The charter's policy (R14, R15): both reasons suspend the 40-day term; waiting for the
 * citizen's documents closes the ticket 40 days after the request for them.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSuspensionPolicy: SuspensionPolicy = {
  "awaiting-administration": { mode: "suspend" },
  "awaiting-documents": { mode: "suspend", autoClose: days(40) }
}

const SUSPEND: ReasonPolicy = { mode: "suspend" }

/**
 * A clock history that breaks the rules of {@link Clock}.
 *
 * @since 0.1.0
 * @category errors
 */
export class ClockHistoryError extends Schema.TaggedError<ClockHistoryError>()("ClockHistoryError", {
  message: Schema.String,
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number]))
}) {}

/**
 * Checks that a clock history is well formed: suspensions in order, not overlapping, not
 * before receipt, only the last one open, and no answer before receipt.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateClock = (clock: Clock): Result.Result<Clock, ClockHistoryError> => {
  const fail = (message: string, path: Array<string | number>) => Result.fail(new ClockHistoryError({ message, path }))
  let last = clock.receivedAt
  for (const [i, s] of clock.suspensions.entries()) {
    if (s.from < last) {
      return fail(
        i === 0 ? "a suspension cannot start before the request was received" : "suspensions must be in order and must not overlap",
        ["suspensions", i, "from"]
      )
    }
    if (s.to === undefined) {
      if (i !== clock.suspensions.length - 1) return fail("only the last suspension may still be open", ["suspensions", i, "to"])
    } else if (s.to < s.from) {
      return fail("a suspension cannot end before it starts", ["suspensions", i, "to"])
    } else {
      last = s.to
    }
  }
  if (clock.answeredAt !== undefined && clock.answeredAt < clock.receivedAt) {
    return fail("the answer cannot come before the request", ["answeredAt"])
  }
  return Result.succeed(clock)
}

// -----------------------------------------------------------------------------
// Deadlines
// -----------------------------------------------------------------------------

/**
 * The deadline of a term:
 * - `NoDeadline`: the term has none (immediate);
 * - `Due`: answer before `at` (exclusive) to meet the term;
 * - `Paused`: a suspension is open, so there is no deadline until it ends; `autoCloseAt` is
 *   the instant at which the ticket is to be closed if the reason has an auto-close limit.
 *
 * @since 0.1.0
 * @category models
 */
export type Deadline =
  | { readonly _tag: "NoDeadline" }
  | { readonly _tag: "Due"; readonly at: number }
  | { readonly _tag: "Paused"; readonly since: number; readonly reason: string; readonly autoCloseAt?: number }

const NO_DEADLINE: Deadline = { _tag: "NoDeadline" }

/** The end of a suspension after its `maxDays` cap: the same wall-clock time, `maxDays` dates later. */
const cappedEnd = (table: ServiceTable, s: Suspension, p: ReasonPolicy): number | undefined => {
  if (p.maxDays === undefined) return s.to
  // never before the start: in the repeated autumn hour the same wall time can come earlier
  const cap = Math.max(s.from, table.fromWall(s.from + table.offsetAt(s.from) + p.maxDays * 86_400_000))
  return s.to === undefined || s.to > cap ? cap : s.to
}

/**
 * When a suspension stops holding the clock: its `to`, or earlier when its reason's `maxDays`
 * cap ends it by itself (the same wall-clock time `maxDays` dates after it began); undefined
 * while it is open without a cap.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const suspensionEnd = (
  calendar: Calendar,
  suspension: Suspension,
  policy: SuspensionPolicy = defaultSuspensionPolicy
): number | undefined => cappedEnd(calendar[TableKey], suspension, policy[suspension.reason] ?? SUSPEND)

const pausedBy = (calendar: Calendar, s: Suspension, p: ReasonPolicy): Deadline => {
  if (p.autoClose === undefined) return { _tag: "Paused", since: s.from, reason: s.reason }
  const limit = deadline(calendar, p.autoClose, { receivedAt: s.from, suspensions: [] })
  return limit._tag === "Due"
    ? { _tag: "Paused", since: s.from, reason: s.reason, autoCloseAt: limit.at }
    : { _tag: "Paused", since: s.from, reason: s.reason }
}

/**
 * The deadline of a term for a clock history, with exactly the arithmetic of
 * `sla-semantics.md`:
 * - `Days(N)`: due date = local date of receipt + N + suspended days (each ended suspension
 *   adds the local date of its end minus that of its start), moved forward to a service day;
 *   the deadline is 00:00 local of the day after. An interruption restarts the count from the
 *   local date of its end.
 * - `SameDay` / `NextServiceDay`: the end of service time on the service day of receipt / on
 *   the first service day after the date of receipt (counted from an interruption's end if
 *   one ended). Suspensions do not move these short terms.
 * - `ServiceTime(d)`: the instant at which counted service time reaches `d`, skipping
 *   suspended time; an interruption restarts the count from its end.
 * - An open suspension: `Paused`, with no deadline.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const deadline = (
  calendar: Calendar,
  term: Term,
  clock: Clock,
  policy: SuspensionPolicy = defaultSuspensionPolicy
): Deadline => {
  if (term._tag === "Immediate") return NO_DEADLINE
  const table = calendar[TableKey]
  const r = clock.receivedAt
  table.coverInstant(r)
  const suspensions = clock.suspensions
  switch (term._tag) {
    case "Days": {
      let d0 = table.dayOf(r)
      let s = 0
      for (let i = 0; i < suspensions.length; i++) {
        const susp = suspensions[i]!
        const p = policy[susp.reason] ?? SUSPEND
        const end = cappedEnd(table, susp, p)
        if (end === undefined) return pausedBy(calendar, susp, p)
        if (p.mode === "interrupt") {
          d0 = table.dayOf(end)
          s = 0
        } else {
          s += table.dayOf(end) - table.dayOf(susp.from)
        }
      }
      const due = table.serviceDayFrom(d0 + term.days + s)
      return { _tag: "Due", at: table.startOf(due + 1) }
    }
    case "SameDay":
    case "NextServiceDay": {
      let start = r
      for (let i = 0; i < suspensions.length; i++) {
        const susp = suspensions[i]!
        const p = policy[susp.reason] ?? SUSPEND
        const end = cappedEnd(table, susp, p)
        if (end === undefined) return pausedBy(calendar, susp, p)
        if (p.mode === "interrupt") start = end
      }
      const day = term._tag === "SameDay"
        ? table.dayOf(table.nextServiceStart(start))
        : table.serviceDayFrom(table.dayOf(start) + 1)
      return { _tag: "Due", at: table.endOfServiceOn(day) }
    }
    case "ServiceTime": {
      const full = term.minutes * 60_000
      let need = full
      let origin = r
      let pos = table.cumulative(r)
      let done = false
      for (let i = 0; i < suspensions.length; i++) {
        const susp = suspensions[i]!
        const p = policy[susp.reason] ?? SUSPEND
        const end = cappedEnd(table, susp, p)
        if (end === undefined) return pausedBy(calendar, susp, p)
        if (p.mode === "interrupt") {
          origin = end
          pos = table.cumulative(end)
          need = full
          done = false
          continue
        }
        if (done) continue
        const a = table.cumulative(susp.from)
        if (a - pos >= need) {
          done = true
          continue
        }
        need -= a - pos
        pos = table.cumulative(end)
      }
      if (full === 0) return { _tag: "Due", at: table.nextServiceStart(origin) }
      return { _tag: "Due", at: table.instantAt(pos + need) }
    }
  }
}

/**
 * When the ticket is to be closed for a suspension's reason (e.g. 40 days after asking the
 * citizen for documents, R15), or undefined when the reason has no auto-close limit.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const autoCloseAt = (
  calendar: Calendar,
  suspension: Suspension,
  policy: SuspensionPolicy = defaultSuspensionPolicy
): number | undefined => {
  const p = policy[suspension.reason]
  if (p?.autoClose === undefined) return undefined
  const limit = deadline(calendar, p.autoClose, { receivedAt: suspension.from, suspensions: [] })
  return limit._tag === "Due" ? limit.at : undefined
}

// -----------------------------------------------------------------------------
// Status at an instant
// -----------------------------------------------------------------------------

/**
 * The state of a clock at an instant:
 * - `Running`: time left (`remaining`, ms), less than the at-risk share used;
 * - `AtRisk`: the at-risk share of the term is used (default 80%);
 * - `Breached`: the deadline has passed unanswered (`overdue`, ms);
 * - `Paused`: a suspension is open;
 * - `Met`: answered (`onTime` tells whether before the deadline);
 * - `NoDeadline`: an immediate term.
 *
 * @since 0.1.0
 * @category models
 */
export type Status =
  | { readonly _tag: "Running"; readonly due: number; readonly remaining: number; readonly used: number }
  | { readonly _tag: "AtRisk"; readonly due: number; readonly remaining: number; readonly used: number }
  | { readonly _tag: "Breached"; readonly due: number; readonly overdue: number }
  | { readonly _tag: "Paused"; readonly since: number; readonly reason: string; readonly autoCloseAt?: number }
  | { readonly _tag: "Met"; readonly at: number; readonly due?: number; readonly onTime: boolean }
  | { readonly _tag: "NoDeadline" }

/**
 * Options of {@link status}.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusOptions {
  /** Share of the term (0–1) after which the clock is at risk; default 0.8. */
  readonly atRiskShare?: number
  readonly policy?: SuspensionPolicy
}

/**
 * The state of a clock at instant `at`, from the history known at that instant. The share
 * used counts calendar time for `Days` terms and service time for the others, leaving out
 * suspended time either way.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const status = (calendar: Calendar, term: Term, clock: Clock, at: number, options: StatusOptions = {}): Status => {
  const policy = options.policy ?? defaultSuspensionPolicy
  const table = calendar[TableKey]
  const upTo: Clock = clock.answeredAt !== undefined && clock.answeredAt > at
    ? { receivedAt: clock.receivedAt, suspensions: clock.suspensions }
    : clock
  // a capped suspension still holds the clock until its cap
  const lastOpen = upTo.suspensions[upTo.suspensions.length - 1]
  const d = deadline(calendar, term, upTo, policy)
  if (upTo.answeredAt !== undefined) {
    if (d._tag === "Due") return { _tag: "Met", at: upTo.answeredAt, due: d.at, onTime: upTo.answeredAt < d.at }
    return { _tag: "Met", at: upTo.answeredAt, onTime: true }
  }
  if (d._tag !== "Due") return d
  if (lastOpen !== undefined && lastOpen.to === undefined && lastOpen.from <= at) {
    const p = policy[lastOpen.reason] ?? SUSPEND
    const end = cappedEnd(table, lastOpen, p)
    if (end !== undefined && at < end) return pausedBy(calendar, lastOpen, p) as Status
  }
  if (at >= d.at) return { _tag: "Breached", due: d.at, overdue: at - d.at }
  const share = shareUsed(calendar, term, upTo, at, d.at, policy)
  const threshold = options.atRiskShare ?? 0.8
  return share >= threshold
    ? { _tag: "AtRisk", due: d.at, remaining: d.at - at, used: share }
    : { _tag: "Running", due: d.at, remaining: d.at - at, used: share }
}

/**
 * How `status` and `atRiskAt` measure a term's time: calendar time for `Days` terms, service
 * time for the others; where the count starts (receipt, or the end of the last
 * interruption); and the suspensions after it, an open one running until `openUntil`.
 */
const usage = (calendar: Calendar, term: Term, clock: Clock, policy: SuspensionPolicy, openUntil: number) => {
  const table = calendar[TableKey]
  const service = term._tag !== "Days"
  const measure = (a: number, b: number) => (b <= a ? 0 : service ? table.cumulative(b) - table.cumulative(a) : b - a)
  let origin = clock.receivedAt
  const spans: Array<readonly [number, number]> = []
  for (const s of clock.suspensions) {
    const p = policy[s.reason] ?? SUSPEND
    const end = cappedEnd(table, s, p) ?? openUntil
    if (p.mode === "interrupt") {
      origin = end
      spans.length = 0
    } else spans.push([s.from, end])
  }
  /** Counted time from the origin to `t`, suspended time left out. */
  const used = (t: number) =>
    measure(origin, t) - spans.reduce((acc, [a, b]) => acc + measure(Math.max(a, origin), Math.min(b, t)), 0)
  return { table, service, measure, origin, spans, used }
}

const shareUsed = (calendar: Calendar, term: Term, clock: Clock, at: number, due: number, policy: SuspensionPolicy): number => {
  const { used } = usage(calendar, term, clock, policy, at)
  const total = used(due)
  return total <= 0 ? 1 : Math.min(1, Math.max(0, used(at) / total))
}

/**
 * The instant at which a share (0–1) of a clock's term is used — when {@link status} turns
 * from `Running` to `AtRisk` — or undefined when the clock has no deadline now (immediate,
 * paused, answered). Measured like {@link status}: calendar time for `Days` terms, service
 * time for the others, suspended time left out.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const atRiskAt = (
  calendar: Calendar,
  term: Term,
  clock: Clock,
  share: number,
  policy: SuspensionPolicy = defaultSuspensionPolicy
): number | undefined => {
  if (clock.answeredAt !== undefined) return undefined
  const d = deadline(calendar, term, clock, policy)
  if (d._tag !== "Due") return undefined
  const { table, service, measure, origin, spans, used } = usage(calendar, term, clock, policy, d.at)
  const advance = (t: number, amount: number) => (service ? table.instantAt(table.cumulative(t) + amount) : t + amount)
  let remaining = Math.max(0, Math.min(1, share)) * used(d.at)
  if (remaining <= 0) return origin
  let t = origin
  for (const [a, b] of spans) {
    if (b <= t) continue
    const before = measure(t, a)
    if (before >= remaining) break
    remaining -= before
    t = Math.max(t, b)
  }
  // whole milliseconds, like every instant; rounding up keeps `status` at risk at the answer
  return Math.min(Math.ceil(advance(t, remaining)), d.at)
}

// -----------------------------------------------------------------------------
// Explanations (B10)
// -----------------------------------------------------------------------------

/**
 * A day the due date was moved past, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface RollForward {
  readonly date: string
  /** Why the date has no service: a holiday (with its name), a weekday without service hours, or neither. */
  readonly reason: "holiday" | "no-service-hours" | "no-service-time"
  /** The holiday's name, or the weekday without service hours ("monday" … "sunday"). */
  readonly detail?: string
}

/**
 * An auditable, serialisable account of a deadline (B10): which calendar versions and
 * emergency periods applied, what was counted, which suspensions paused or interrupted the
 * clock and for how long, and each roll-forward step. Instants are written as local ISO 8601
 * with their offset.
 *
 * @since 0.1.0
 * @category models
 */
export interface Explanation {
  readonly term: Term
  readonly timeZone: string
  readonly receivedAt: string
  readonly calendarVersions: ReadonlyArray<string>
  readonly emergencies: ReadonlyArray<string>
  readonly suspensions: ReadonlyArray<{
    readonly reason: string
    readonly mode: "suspend" | "interrupt"
    readonly from: string
    readonly to?: string
    /** Calendar days added to a `Days` term by this suspension. */
    readonly days?: number
    /** The suspension was cut short by its reason's `maxDays`. */
    readonly capped?: boolean
  }>
  /** For `Days` terms: the date the count starts from, the due date before and after rolling. */
  readonly days?: {
    readonly countFrom: string
    readonly termDays: number
    readonly suspendedDays: number
    readonly dueDate: string
    readonly rolledForward: ReadonlyArray<RollForward>
    readonly finalDate: string
  }
  /** For `SameDay` / `NextServiceDay`: the service day whose end of service is the deadline. */
  readonly serviceDay?: { readonly date: string; readonly why: string }
  /** For `ServiceTime`: the service time counted, interval by interval. */
  readonly counted?: ReadonlyArray<{ readonly from: string; readonly to: string; readonly minutes: number }>
  readonly deadline: Deadline
  /** The deadline as local ISO 8601, when there is one. */
  readonly due?: string
}

/**
 * Explains a deadline (B10): the same answer as {@link deadline}, with every step that led
 * to it, in a form fit to answer a complaint with evidence.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const explain = (
  calendar: Calendar,
  term: Term,
  clock: Clock,
  policy: SuspensionPolicy = defaultSuspensionPolicy
): Explanation => {
  const table = calendar[TableKey]
  const r = clock.receivedAt
  table.coverInstant(r)
  const iso = (t: number) => localIso(table, t)
  const result = deadline(calendar, term, clock, policy)
  const end = result._tag === "Due" ? result.at : result._tag === "Paused" ? result.since : r
  const suspensions: Array<Explanation["suspensions"][number]> = []
  let origin = r
  let d0 = table.dayOf(r)
  let suspended = 0
  for (const s of clock.suspensions) {
    const p = policy[s.reason] ?? SUSPEND
    const to = cappedEnd(table, s, p)
    const capped = to !== undefined && to !== s.to
    const base = {
      reason: s.reason,
      mode: p.mode,
      from: iso(s.from),
      ...(to === undefined ? {} : { to: iso(to) }),
      ...(capped ? { capped } : {})
    }
    if (to !== undefined && p.mode === "interrupt") {
      origin = to
      d0 = table.dayOf(to)
      suspended = 0
      suspensions.push(base)
    } else if (to !== undefined && term._tag === "Days") {
      const n = table.dayOf(to) - table.dayOf(s.from)
      suspended += n
      suspensions.push({ ...base, days: n })
    } else {
      suspensions.push(base)
    }
  }
  const firstDay = table.dayOf(r)
  const lastDay = table.dayOf(Math.max(end - 1, r))
  const versions = new Set<string>()
  for (let d = firstDay; d <= lastDay; d++) versions.add(versionOnDay(calendar, d).id)
  const base = {
    term,
    timeZone: calendar.timeZone,
    receivedAt: iso(r),
    calendarVersions: [...versions],
    emergencies: (calendar.input.emergencies ?? [])
      .filter((e) => Date.parse(e.from) < Math.max(end, r + 1) && (e.to === undefined || Date.parse(e.to) > r))
      .map((e) => e.id),
    suspensions,
    deadline: result,
    ...(result._tag === "Due" ? { due: iso(result.at) } : {})
  }
  if (result._tag !== "Due") return base
  switch (term._tag) {
    case "Immediate":
      return base
    case "Days": {
      const dueDay = d0 + term.days + suspended
      const finalDay = table.serviceDayFrom(dueDay)
      const rolledForward: Array<RollForward> = []
      for (let d = dueDay; d < finalDay; d++) rolledForward.push({ date: formatDate(d), ...whyNoService(calendar, d) })
      return {
        ...base,
        days: {
          countFrom: formatDate(d0),
          termDays: term.days,
          suspendedDays: suspended,
          dueDate: formatDate(dueDay),
          rolledForward,
          finalDate: formatDate(finalDay)
        }
      }
    }
    case "SameDay":
    case "NextServiceDay": {
      const day = table.dayOf(result.at - 1)
      const why = term._tag === "SameDay"
        ? table.isServiceTime(origin)
          ? "received in service time"
          : "received outside service time: the first service time after it"
        : "the first service day after the date of receipt"
      return { ...base, serviceDay: { date: formatDate(day), why } }
    }
    case "ServiceTime": {
      const counted: Array<{ from: string; to: string; minutes: number }> = []
      const skip = clock.suspensions
        .map((s) => [s.from, cappedEnd(table, s, policy[s.reason] ?? SUSPEND) ?? Infinity] as const)
        .filter(([a]) => a >= origin)
      const push = (a: number, b: number) => {
        if (b > a) counted.push({ from: iso(a), to: iso(b), minutes: (b - a) / 60_000 })
      }
      for (let k = table.firstEndingAfter(origin); table.ivStart[k]! < result.at; k++) {
        let a = Math.max(table.ivStart[k]!, origin)
        const b = Math.min(table.ivEnd[k]!, result.at)
        for (const [sa, sb] of skip) {
          if (sb <= a || sa >= b) continue
          push(a, sa)
          a = Math.max(a, sb)
        }
        push(a, b)
      }
      return { ...base, counted }
    }
  }
}

const versionOnDay = (calendar: Calendar, day: number) => CalendarModule.versionOn(calendar, formatDate(day))

const WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const
const WEEKDAY_NAMES = {
  en: { monday: "Monday", tuesday: "Tuesday", wednesday: "Wednesday", thursday: "Thursday", friday: "Friday", saturday: "Saturday", sunday: "Sunday" },
  it: { monday: "lunedì", tuesday: "martedì", wednesday: "mercoledì", thursday: "giovedì", friday: "venerdì", saturday: "sabato", sunday: "domenica" }
} as const

const whyNoService = (calendar: Calendar, day: number): Omit<RollForward, "date"> => {
  const v = versionOnDay(calendar, day)
  const date = formatDate(day)
  const holiday = Holidays.datesIn(v.holidays, civil(day).year).find((h) => h.date === date)
  if (holiday !== undefined) return { reason: "holiday", detail: holiday.name }
  const weekday = WEEKDAY_KEYS[isoWeekday(day) - 1]!
  if ((v.week[weekday] ?? []).length === 0) return { reason: "no-service-hours", detail: weekday }
  return { reason: "no-service-time" }
}

const rollForwardText = (r: RollForward, language: "it" | "en"): string => {
  const it = language === "it"
  switch (r.reason) {
    case "holiday":
      return it ? `festività: ${r.detail}` : `holiday: ${r.detail}`
    case "no-service-hours": {
      const day = WEEKDAY_NAMES[language][r.detail as keyof (typeof WEEKDAY_NAMES)["en"]] ?? r.detail
      return it ? `${day}: nessun orario di servizio` : `${day}: no service hours`
    }
    case "no-service-time":
      return it ? "nessun orario di servizio" : "no service time"
  }
}

const localIso = (table: ServiceTable, t: number): string => {
  const offset = table.offsetAt(t)
  const wall = new Date(t + offset).toISOString().slice(0, 19)
  const sign = offset < 0 ? "-" : "+"
  const abs = Math.abs(offset) / 60_000
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
}

/**
 * An explanation as plain sentences, in Italian or English (R22), for operators and for
 * answering complaints.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const formatExplanation = (explanation: Explanation, language: "it" | "en" = "en"): Array<string> => {
  const it = language === "it"
  const lines: Array<string> = []
  const e = explanation
  lines.push(it ? `Richiesta ricevuta il ${e.receivedAt} (${e.timeZone}).` : `Request received at ${e.receivedAt} (${e.timeZone}).`)
  lines.push(
    it
      ? `Termine: ${termText(e.term, "it")}; calendario: ${e.calendarVersions.join(", ")}.`
      : `Term: ${termText(e.term, "en")}; calendar: ${e.calendarVersions.join(", ")}.`
  )
  if (e.emergencies.length > 0) {
    lines.push(it ? `Periodi di emergenza (servizio h24): ${e.emergencies.join(", ")}.` : `Emergency periods (round-the-clock service): ${e.emergencies.join(", ")}.`)
  }
  for (const s of e.suspensions) {
    const span = s.to === undefined ? (it ? `dal ${s.from}, ancora in corso` : `from ${s.from}, still open`) : `${s.from} → ${s.to}`
    const what = s.mode === "interrupt" ? (it ? "Interruzione" : "Interruption") : (it ? "Sospensione" : "Suspension")
    const extra = s.days !== undefined ? (it ? `, ${s.days} giorni sospesi` : `, ${s.days} days suspended`) : ""
    const capped = s.capped === true ? (it ? " (durata massima raggiunta)" : " (maximum length reached)") : ""
    lines.push(`${what} (${s.reason}): ${span}${extra}${capped}.`)
  }
  if (e.days !== undefined) {
    const d = e.days
    lines.push(
      it
        ? `Conteggio dal ${d.countFrom} (giorno escluso): ${d.termDays} giorni + ${d.suspendedDays} sospesi = scadenza il ${d.dueDate}.`
        : `Counted from ${d.countFrom} (not included): ${d.termDays} days + ${d.suspendedDays} suspended = due on ${d.dueDate}.`
    )
    for (const r of d.rolledForward) {
      const why = rollForwardText(r, language)
      lines.push(it ? `${r.date} senza servizio (${why}): si passa al giorno dopo.` : `${r.date} has no service (${why}): moved to the next day.`)
    }
  }
  if (e.serviceDay !== undefined) {
    lines.push(it ? `Giorno di servizio: ${e.serviceDay.date} (${e.serviceDay.why}).` : `Service day: ${e.serviceDay.date} (${e.serviceDay.why}).`)
  }
  if (e.counted !== undefined) {
    for (const c of e.counted) lines.push(it ? `Contati ${c.minutes} minuti: ${c.from} → ${c.to}.` : `Counted ${c.minutes} minutes: ${c.from} → ${c.to}.`)
  }
  switch (e.deadline._tag) {
    case "NoDeadline":
      lines.push(it ? "Nessuna scadenza: risposta immediata." : "No deadline: answered at once.")
      break
    case "Paused":
      lines.push(it ? "Termine sospeso: nessuna scadenza finché la sospensione è in corso." : "The term is paused: no deadline while the suspension is open.")
      break
    case "Due":
      lines.push(it ? `Scadenza: prima di ${e.due}.` : `Deadline: before ${e.due}.`)
      break
  }
  return lines
}

const termText = (term: Term, language: "it" | "en"): string => {
  const it = language === "it"
  switch (term._tag) {
    case "Immediate":
      return it ? "immediato" : "immediate"
    case "SameDay":
      return it ? "in giornata" : "within the service day"
    case "NextServiceDay":
      return it ? "entro il giorno di servizio successivo" : "by the next service day"
    case "Days":
      return it ? `${term.days} giorni di calendario` : `${term.days} calendar days`
    case "ServiceTime":
      return it ? `${term.minutes} minuti di servizio` : `${term.minutes} minutes of service time`
  }
}
