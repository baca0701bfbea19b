/**
 * A brute-force oracle for `Calendar` and `Sla`, written from `shared/spec/sla-semantics.md`
 * alone (never from the implementation), so that property tests can compare two independent
 * readings of the same rules.
 *
 * It is deliberately slow and simple:
 * - local time comes from `Intl.DateTimeFormat` (the UTC offset is asked of Intl and cached per
 *   15-minute UTC bucket; every zone transition since the 1970s falls on a 15-minute boundary);
 * - service time is decided minute by minute from the definition "an instant is in service time
 *   when it lies in an emergency period, or when its local date is not a holiday and it lies in
 *   one of the weekly intervals of the version in force on that date" (each wall-clock interval
 *   of date D is taken as the instants from the first moment D's clocks show its start to the
 *   first moment they show its end — see `normalIntervals` for daylight-saving days);
 * - day rules step day by day through local dates;
 * - holidays are expanded from the rules here, with an Easter algorithm of our own.
 *
 * All instants handled by the oracle must be whole minutes (it throws otherwise): every
 * calendar boundary used in the tests is a whole minute, so a minute either is service time
 * or is not.
 */

// ---------------------------------------------------------------------------------------------
// Input: the encoded calendar config of the contract (re-declared here, independently)
// ---------------------------------------------------------------------------------------------

export type Hhmm = string
export type WeekdayName = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
export type WeekInput = Partial<Record<WeekdayName, ReadonlyArray<readonly [Hhmm, Hhmm]>>>

export type HolidayRuleInput =
  | {
    readonly _tag: "Fixed"
    readonly month: number
    readonly day: number
    readonly name: string
    readonly fromYear?: number
    readonly untilYear?: number
  }
  | {
    readonly _tag: "Easter"
    readonly offsetDays: number
    readonly name: string
    readonly fromYear?: number
    readonly untilYear?: number
  }
  | { readonly _tag: "Date"; readonly date: string; readonly name: string }

export interface VersionInput {
  readonly id: string
  readonly from: string
  readonly timeZone: string
  readonly week: WeekInput
  readonly holidays: ReadonlyArray<HolidayRuleInput>
}

export interface EmergencyInput {
  readonly id: string
  readonly from: string
  readonly to?: string
  readonly note?: string
}

export interface CalendarInput {
  readonly versions: ReadonlyArray<VersionInput>
  readonly emergencies?: ReadonlyArray<EmergencyInput>
}

// Terms, clocks and policies (plain data, the shapes of the contract)
export type Term =
  | { readonly _tag: "Immediate" }
  | { readonly _tag: "SameDay" }
  | { readonly _tag: "NextServiceDay" }
  | { readonly _tag: "Days"; readonly days: number }
  | { readonly _tag: "ServiceTime"; readonly minutes: number }

export interface Suspension {
  readonly reason: string
  readonly from: number
  readonly to?: number
}

export interface Clock {
  readonly receivedAt: number
  readonly suspensions: ReadonlyArray<Suspension>
}

export interface ReasonPolicy {
  readonly mode: "suspend" | "interrupt"
  readonly maxDays?: number
  readonly autoClose?: Term
}

export type SuspensionPolicy = Readonly<Record<string, ReasonPolicy>>

export type Deadline =
  | { readonly _tag: "NoDeadline" }
  | { readonly _tag: "Due"; readonly at: number }
  | { readonly _tag: "Paused"; readonly since: number; readonly reason: string; readonly autoCloseAt?: number }

/** The policy of sla-semantics.md: both reasons suspend; missing documents auto-close after days(40). */
export const defaultPolicy: SuspensionPolicy = {
  "awaiting-administration": { mode: "suspend" },
  "awaiting-documents": { mode: "suspend", autoClose: { _tag: "Days", days: 40 } }
}

// ---------------------------------------------------------------------------------------------
// Constants and local-date arithmetic (dates are "YYYY-MM-DD"; a day number counts days since
// 1970-01-01 in the proleptic Gregorian calendar)
// ---------------------------------------------------------------------------------------------

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** How far the oracle is willing to walk looking for service time before it gives up. */
const SEARCH_LIMIT_DAYS = 4 * 366

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

export const dayNumberOf = (date: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (m === null) throw new Error(`oracle: not a local date: ${date}`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`oracle: no such date: ${date}`)
  }
  return ms / DAY
}

export const dateOfDayNumber = (n: number): string => {
  const d = new Date(n * DAY)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

export const addDays = (date: string, n: number): string => dateOfDayNumber(dayNumberOf(date) + n)

export const daysBetween = (from: string, to: string): number => dayNumberOf(to) - dayNumberOf(from)

const WEEKDAYS: ReadonlyArray<WeekdayName> = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday"
]

export const weekdayOf = (date: string): WeekdayName => WEEKDAYS[new Date(dayNumberOf(date) * DAY).getUTCDay()]!

const parseHhmm = (s: Hhmm): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(s)
  if (m === null) throw new Error(`oracle: not a time of day: ${s}`)
  const minutes = Number(m[1]) * 60 + Number(m[2])
  if (Number(m[2]) > 59 || minutes > 24 * 60) throw new Error(`oracle: not a time of day: ${s}`)
  return minutes
}

// ---------------------------------------------------------------------------------------------
// Easter (Gregorian), by Gauss's method with the Lichtenberg corrections — a different
// formulation from the usual "anonymous Gregorian" one, on purpose.
// ---------------------------------------------------------------------------------------------

export const easterSunday = (year: number): string => {
  const k = Math.floor(year / 100)
  const m = 15 + Math.floor((3 * k + 3) / 4) - Math.floor((8 * k + 13) / 25)
  const s = 2 - Math.floor((3 * k + 3) / 4)
  const a = year % 19
  const d = (19 * a + m) % 30
  const r = Math.floor((d + Math.floor(a / 11)) / 29)
  const og = 21 + d - r // Easter full moon, as a day of March (may exceed 31)
  const sz = 7 - ((year + Math.floor(year / 4) + s) % 7) // first Sunday of March
  const oe = 7 - ((og - sz) % 7)
  const os = og + oe // Easter Sunday as a day of March
  return addDays(`${pad(year, 4)}-03-01`, os - 1)
}

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

const inYears = (year: number, rule: { readonly fromYear?: number; readonly untilYear?: number }): boolean =>
  (rule.fromYear === undefined || year >= rule.fromYear) && (rule.untilYear === undefined || year <= rule.untilYear)

/** The dates on which the rules put a holiday in the given year, sorted, with their names. */
export const holidayDatesIn = (
  rules: ReadonlyArray<HolidayRuleInput>,
  year: number
): Array<{ date: string; name: string }> => {
  const out: Array<{ date: string; name: string }> = []
  // Day by day through the year: a date is a holiday when some rule names it.
  for (let date = `${pad(year, 4)}-01-01`; date.startsWith(pad(year, 4)); date = addDays(date, 1)) {
    for (const rule of rules) {
      if (holidayRuleMatches(rule, date)) out.push({ date, name: rule.name })
    }
  }
  return out
}

const holidayRuleMatches = (rule: HolidayRuleInput, date: string): boolean => {
  const year = Number(date.slice(0, 4))
  switch (rule._tag) {
    case "Date":
      return rule.date === date
    case "Fixed":
      return inYears(year, rule) && Number(date.slice(5, 7)) === rule.month && Number(date.slice(8, 10)) === rule.day
    case "Easter": {
      // The offset is counted from the Easter Sunday of the date's own year, and of the
      // neighbouring years for large offsets.
      for (const y of [year - 1, year, year + 1]) {
        if (inYears(y, rule) && addDays(easterSunday(y), rule.offsetDays) === date) return true
      }
      return false
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Time zones through Intl
// ---------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>()
const offsetCaches = new Map<string, Map<number, number>>()
const BUCKET = 15 * MINUTE

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      era: "short"
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The zone's UTC offset at `t` in ms (local wall clock minus UTC), as Intl reports it. */
export const utcOffset = (timeZone: string, t: number): number => {
  let cache = offsetCaches.get(timeZone)
  if (cache === undefined) {
    cache = new Map()
    offsetCaches.set(timeZone, cache)
  }
  const bucket = Math.floor(t / BUCKET)
  const hit = cache.get(bucket)
  if (hit !== undefined) return hit
  const probe = bucket * BUCKET
  const parts: Record<string, string> = {}
  for (const p of formatterOf(timeZone).formatToParts(new Date(probe))) parts[p.type] = p.value
  const year = parts["era"] === "BC" ? 1 - Number(parts["year"]) : Number(parts["year"])
  const wall = Date.UTC(
    year,
    Number(parts["month"]) - 1,
    Number(parts["day"]),
    Number(parts["hour"]),
    Number(parts["minute"]),
    Number(parts["second"])
  )
  const offset = wall - probe
  cache.set(bucket, offset)
  return offset
}

export interface LocalTime {
  readonly date: string
  readonly dayNumber: number
  /** minutes since local midnight of `date` on the wall clock (0..1439) */
  readonly minuteOfDay: number
}

export const localTimeOf = (timeZone: string, t: number): LocalTime => {
  const wall = t + utcOffset(timeZone, t)
  const dayNumber = Math.floor(wall / DAY)
  return { date: dateOfDayNumber(dayNumber), dayNumber, minuteOfDay: Math.floor((wall - dayNumber * DAY) / MINUTE) }
}

/** The local day number of an instant (the date without building its string). */
const localDayNumber = (timeZone: string, t: number): number => Math.floor((t + utcOffset(timeZone, t)) / DAY)

/** "2027-03-02T17:59+01:00 (Europe/Rome)"-style rendering, for readable counterexamples. */
export const formatLocal = (timeZone: string, t: number | undefined): string => {
  if (t === undefined) return "undefined"
  if (!Number.isFinite(t)) return String(t)
  const offset = utcOffset(timeZone, t)
  const wall = new Date(t + offset).toISOString().slice(0, 16)
  const sign = offset < 0 ? "-" : "+"
  const abs = Math.abs(offset) / MINUTE
  const seconds = t % MINUTE === 0 ? "" : ` (+${t % MINUTE} ms)`
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}${seconds}`
}

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

interface Period {
  readonly from: number
  readonly to: number // Infinity when open-ended
}

const requireMinute = (what: string, t: number): void => {
  if (!Number.isInteger(t) || t % MINUTE !== 0) throw new Error(`oracle: ${what} is not a whole minute: ${t}`)
}

const parseInstant = (s: string): number => {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(s)) throw new Error(`oracle: instant without offset: ${s}`)
  const t = Date.parse(s)
  if (Number.isNaN(t)) throw new Error(`oracle: not an instant: ${s}`)
  return t
}

export interface Oracle {
  readonly input: CalendarInput
  readonly timeZone: string
  readonly localDate: (t: number) => string
  readonly startOfDay: (date: string) => number
  readonly isHoliday: (date: string) => boolean
  readonly isServiceTime: (t: number) => boolean
  readonly nextServiceStart: (t: number) => number
  readonly isServiceDay: (date: string) => boolean
  readonly endOfService: (date: string) => number | undefined
  readonly serviceTimeBetween: (a: number, b: number) => number
  readonly addServiceTime: (t: number, ms: number) => number
  readonly nextServiceDayOnOrAfter: (date: string) => string
  readonly deadline: (term: Term, clock: Clock, policy?: SuspensionPolicy) => Deadline
  readonly format: (t: number | undefined) => string
}

export const makeOracle = (input: CalendarInput): Oracle => {
  if (input.versions.length === 0) throw new Error("oracle: no versions")
  const timeZone = input.versions[0]!.timeZone
  const versions = input.versions.map((v) => ({
    from: v.from,
    holidays: v.holidays,
    week: Object.fromEntries(
      WEEKDAYS.map((name) => [name, (v.week[name] ?? []).map(([a, b]) => [parseHhmm(a), parseHhmm(b)] as const)])
    ) as unknown as Record<WeekdayName, ReadonlyArray<readonly [number, number]>>
  }))
  const emergencies: ReadonlyArray<Period> = (input.emergencies ?? []).map((e) => {
    const from = parseInstant(e.from)
    const to = e.to === undefined ? Infinity : parseInstant(e.to)
    requireMinute("emergency start", from)
    if (to !== Infinity) requireMinute("emergency end", to)
    return { from, to }
  })

  /** The version in force on a local date: the last one whose `from` is not after it (the first otherwise). */
  const versionOn = (date: string) => {
    let chosen = versions[0]!
    for (const v of versions) if (v.from <= date) chosen = v
    return chosen
  }

  const holidayCache = new Map<string, boolean>()
  const isHoliday = (date: string): boolean => {
    let h = holidayCache.get(date)
    if (h === undefined) {
      h = versionOn(date).holidays.some((rule) => holidayRuleMatches(rule, date))
      holidayCache.set(date, h)
    }
    return h
  }

  /**
   * The normal (non-emergency) service intervals of a local date, as instants. A wall-clock
   * boundary "HH:MM" on date D is the first instant of D whose local wall time is at or after
   * HH:MM ("24:00" and times past the end of D give the start of D + 1). So on a
   * spring-forward day a boundary inside the missing hour is the end of the gap (02:30 → 03:00
   * CEST: at 03:00 every clock in town shows a time past 02:30), and on a fall-back day a
   * boundary inside the repeated hour is its first occurrence (the interval stays one piece).
   */
  const intervalCache = new Map<number, ReadonlyArray<readonly [number, number]>>()
  const normalIntervals = (dayNumber: number): ReadonlyArray<readonly [number, number]> => {
    let r = intervalCache.get(dayNumber)
    if (r === undefined) {
      const date = dateOfDayNumber(dayNumber)
      const wallTimes = isHoliday(date) ? [] : versionOn(date).week[weekdayOf(date)]
      r = wallTimes.map(([a, b]) => [wallTimeOn(date, a), wallTimeOn(date, b)] as const)
      intervalCache.set(dayNumber, r)
    }
    return r
  }

  /** The first instant of local date `date` whose wall time is at or after `minuteOfDay` (else the start of the next date). */
  const wallTimeOn = (date: string, minuteOfDay: number): number => {
    const target = dayNumberOf(date)
    const first = startOfDay(date)
    // Skipping ahead is safe: an instant k minutes after local midnight shows at most k + 180
    // on the wall (no zone jumps more than 3 hours within a day).
    let t = Math.max(first, first + (minuteOfDay - 180) * MINUTE)
    for (;;) {
      const wall = t + utcOffset(timeZone, t)
      const day = Math.floor(wall / DAY)
      if (day !== target || (wall - day * DAY) / MINUTE >= minuteOfDay) return t
      t += MINUTE
    }
  }

  const isServiceTime = (t: number): boolean => {
    requireMinute("instant", t)
    for (const e of emergencies) if (e.from <= t && t < e.to) return true
    for (const [a, b] of normalIntervals(localDayNumber(timeZone, t))) {
      if (a <= t && t < b) return true
    }
    return false
  }

  const localDate = (t: number): string => localTimeOf(timeZone, t).date

  const startCache = new Map<string, number>()
  /** The first instant whose local date is `date`, found by walking minute by minute. */
  const startOfDay = (date: string): number => {
    const hit = startCache.get(date)
    if (hit !== undefined) return hit
    const target = dayNumberOf(date)
    let t = target * DAY - 15 * HOUR
    while (localDayNumber(timeZone, t) < target) t += MINUTE
    if (localDayNumber(timeZone, t) !== target) throw new Error(`oracle: ${date} has no instants`)
    startCache.set(date, t)
    return t
  }

  const serviceDayCache = new Map<string, boolean>()
  const isServiceDay = (date: string): boolean => {
    let s = serviceDayCache.get(date)
    if (s === undefined) {
      s = false
      const end = startOfDay(addDays(date, 1))
      for (let t = startOfDay(date); t < end; t += MINUTE) {
        if (isServiceTime(t)) {
          s = true
          break
        }
      }
      serviceDayCache.set(date, s)
    }
    return s
  }

  const endOfService = (date: string): number | undefined => {
    const start = startOfDay(date)
    for (let t = startOfDay(addDays(date, 1)) - MINUTE; t >= start; t -= MINUTE) {
      if (isServiceTime(t)) return t + MINUTE
    }
    return undefined
  }

  const nextServiceStart = (t: number): number => {
    requireMinute("instant", t)
    const limit = t + SEARCH_LIMIT_DAYS * DAY
    for (let m = t; m < limit; m += MINUTE) if (isServiceTime(m)) return m
    throw new Error(`oracle: no service time within ${SEARCH_LIMIT_DAYS} days of ${formatLocal(timeZone, t)}`)
  }

  const serviceTimeBetween = (a: number, b: number): number => {
    requireMinute("instant", a)
    requireMinute("instant", b)
    let total = 0
    for (let m = a; m < b; m += MINUTE) if (isServiceTime(m)) total += MINUTE
    return total
  }

  /** Counts the minutes for which `counts` holds, from `start`, until `ms` are counted. */
  const countUntil = (start: number, ms: number, counts: (m: number) => boolean): number => {
    requireMinute("duration", ms)
    const limit = start + SEARCH_LIMIT_DAYS * DAY
    let counted = 0
    for (let m = start; m < limit; m += MINUTE) {
      if (counts(m)) {
        counted += MINUTE
        if (counted >= ms) return m + MINUTE
      }
    }
    throw new Error(`oracle: cannot count ${ms} ms of service time from ${formatLocal(timeZone, start)}`)
  }

  const addServiceTime = (t: number, ms: number): number => {
    const start = nextServiceStart(t)
    if (ms <= 0) return start
    return countUntil(start, ms, isServiceTime)
  }

  const nextServiceDayOnOrAfter = (date: string): string => {
    let d = date
    for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, d = addDays(d, 1)) if (isServiceDay(d)) return d
    throw new Error(`oracle: no service day within ${SEARCH_LIMIT_DAYS} days of ${date}`)
  }

  const due = (at: number | undefined): Deadline => {
    if (at === undefined) throw new Error("oracle: a service day without an end of service")
    return { _tag: "Due", at }
  }

  /**
   * When a suspension stops holding the clock: its end, or — when its reason has `maxDays` —
   * at the latest the same local wall time `maxDays` dates after its start ("it ends by itself
   * then"). Undefined while it is open and uncapped.
   */
  const effectiveEnd = (s: Suspension, rule: ReasonPolicy): number | undefined => {
    if (rule.maxDays === undefined) return s.to
    const start = localTimeOf(timeZone, s.from)
    // A suspension never ends before it starts: with maxDays = 0 and a start in the second
    // occurrence of the repeated autumn hour, "the same wall time" names the first occurrence,
    // an hour earlier; the cap is then the start itself.
    const cap = Math.max(s.from, wallTimeOn(addDays(start.date, rule.maxDays), start.minuteOfDay))
    return s.to === undefined ? cap : Math.min(s.to, cap)
  }

  const deadline = (term: Term, clock: Clock, policy: SuspensionPolicy = defaultPolicy): Deadline => {
    const r = clock.receivedAt
    requireMinute("receipt", r)
    if (term._tag === "Immediate") return { _tag: "NoDeadline" }

    const held: Array<{ readonly from: number; readonly to: number; readonly rule: ReasonPolicy }> = []
    for (const s of clock.suspensions) {
      requireMinute("suspension start", s.from)
      if (s.to !== undefined) requireMinute("suspension end", s.to)
      const rule = policyFor(policy, s.reason)
      const to = effectiveEnd(s, rule)
      if (to === undefined) {
        // "While a suspension is open the term is paused: it has no deadline, only 'suspended since'."
        if (rule.autoClose === undefined) return { _tag: "Paused", since: s.from, reason: s.reason }
        // "...the deadline of days(40) counted from the suspension's start (no further suspension)"
        const closing = deadline(rule.autoClose, { receivedAt: s.from, suspensions: [] }, policy)
        return closing._tag === "Due"
          ? { _tag: "Paused", since: s.from, reason: s.reason, autoCloseAt: closing.at }
          : { _tag: "Paused", since: s.from, reason: s.reason }
      }
      held.push({ from: s.from, to, rule })
    }

    // An interruption restarts the term at its end; what was held before it no longer counts.
    let start = r
    let suspended: Array<{ readonly from: number; readonly to: number }> = []
    for (const h of held) {
      if (h.rule.mode === "interrupt") {
        start = Math.max(start, h.to)
        suspended = []
      } else {
        suspended.push(h)
      }
    }

    switch (term._tag) {
      case "SameDay": {
        // "the local date of r if r lies in service time, else the date of the first service time after r"
        const day = localDate(nextServiceStart(start))
        return due(endOfService(day))
      }
      case "NextServiceDay": {
        // "end of service time on the first service day strictly after the local date of r"
        const day = nextServiceDayOnOrAfter(addDays(localDate(start), 1))
        return due(endOfService(day))
      }
      case "Days": {
        // d0 = local date of r (or of the last interruption's end); S = for each suspension,
        // local date of its end minus local date of its start.
        const d0 = localDate(start)
        let s = 0
        for (const p of suspended) s += daysBetween(localDate(p.from), localDate(p.to))
        const dueDate = nextServiceDayOnOrAfter(addDays(d0, term.days + s))
        return { _tag: "Due", at: startOfDay(addDays(dueDate, 1)) }
      }
      case "ServiceTime": {
        // Count only service time, skipping suspended intervals.
        const ms = term.minutes * MINUTE
        if (ms <= 0) return { _tag: "Due", at: nextServiceStart(start) }
        const counts = (m: number) => isServiceTime(m) && !suspended.some((p) => p.from <= m && m < p.to)
        return { _tag: "Due", at: countUntil(start, ms, counts) }
      }
    }
  }

  return {
    input,
    timeZone,
    localDate,
    startOfDay,
    isHoliday,
    isServiceTime,
    nextServiceStart,
    isServiceDay,
    endOfService,
    serviceTimeBetween,
    addServiceTime,
    nextServiceDayOnOrAfter,
    deadline,
    format: (t) => formatLocal(timeZone, t)
  }
}

/** The policy of a reason; a reason the policy does not name suspends (the contract's default). */
const policyFor = (policy: SuspensionPolicy, reason: string): ReasonPolicy => policy[reason] ?? { mode: "suspend" }

// ---------------------------------------------------------------------------------------------
// The Department's default calendar, written out from sla-semantics.md
// ---------------------------------------------------------------------------------------------

export const italianHolidays: ReadonlyArray<HolidayRuleInput> = [
  { _tag: "Fixed", month: 1, day: 1, name: "Capodanno" },
  { _tag: "Fixed", month: 1, day: 6, name: "Epifania" },
  { _tag: "Easter", offsetDays: 1, name: "Lunedì dell'Angelo" },
  { _tag: "Fixed", month: 4, day: 25, name: "Festa della Liberazione" },
  { _tag: "Fixed", month: 5, day: 1, name: "Festa del Lavoro" },
  { _tag: "Fixed", month: 6, day: 2, name: "Festa della Repubblica" },
  { _tag: "Fixed", month: 6, day: 29, name: "Santi Pietro e Paolo (Roma)" },
  { _tag: "Fixed", month: 8, day: 15, name: "Ferragosto" },
  { _tag: "Fixed", month: 10, day: 4, name: "San Francesco d'Assisi", fromYear: 2026 },
  { _tag: "Fixed", month: 11, day: 1, name: "Ognissanti" },
  { _tag: "Fixed", month: 12, day: 8, name: "Immacolata Concezione" },
  { _tag: "Fixed", month: 12, day: 25, name: "Natale" },
  { _tag: "Fixed", month: 12, day: 26, name: "Santo Stefano" }
]

const nineToSix: ReadonlyArray<readonly [Hhmm, Hhmm]> = [["09:00", "18:00"]]

export const departmentInput: CalendarInput = {
  versions: [
    {
      id: "dpc-charter",
      from: "2020-01-01",
      timeZone: "Europe/Rome",
      week: { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix },
      holidays: italianHolidays
    }
  ]
}

/** The instant of a local wall-clock time, found by brute force (the first such instant). */
export const instantOfLocal = (timeZone: string, date: string, hhmm: Hhmm): number => {
  const target = dayNumberOf(date)
  const minuteOfDay = parseHhmm(hhmm)
  for (let t = target * DAY - 15 * HOUR; t < (target + 1) * DAY + 15 * HOUR; t += MINUTE) {
    const l = localTimeOf(timeZone, t)
    if (l.dayNumber === target && l.minuteOfDay >= minuteOfDay) return t
    if (minuteOfDay === 24 * 60 && l.dayNumber > target) return t
  }
  throw new Error(`oracle: ${date} ${hhmm} does not exist in ${timeZone}`)
}

// ---------------------------------------------------------------------------------------------
// Minimal cases on which the oracle and the implementation were found to differ. Each is pinned
// in Oracle.test.ts (the oracle's answer, checked against the spec by hand) and compared with
// the implementation in Sla.oracle.test.ts / Calendar.oracle.test.ts.
// ---------------------------------------------------------------------------------------------

export interface PinnedCase {
  readonly name: string
  /** The sentence of sla-semantics.md (or of the contract) that decides it. */
  readonly rule: string
  readonly input: CalendarInput
  readonly term: Term
  readonly clock: Clock
  readonly policy: SuspensionPolicy
  readonly expected: Deadline
}

const sundayGap: CalendarInput = {
  versions: [{ id: "v", from: "2024-01-01", timeZone: "Europe/Rome", week: { sunday: [["02:45", "09:00"]] }, holidays: [] }]
}

export const pinnedCases: ReadonlyArray<PinnedCase> = [
  {
    name: "serviceTime(0) received on a Saturday is due Monday 09:00, not the Friday before",
    rule: "serviceTime(d): start at r if r is in service time, else at the next start of service time. " +
      "The deadline is the instant at which the counted time reaches d.",
    input: departmentInput,
    term: { _tag: "ServiceTime", minutes: 0 },
    clock: { receivedAt: Date.parse("2027-03-06T10:00:00+01:00"), suspensions: [] },
    policy: defaultPolicy,
    expected: { _tag: "Due", at: Date.parse("2027-03-08T09:00:00+01:00") }
  },
  {
    name: "an interruption after a suspension still restarts a serviceTime term",
    rule: "A policy may declare a reason as an interruption: when it ends, the term restarts in full.",
    input: departmentInput,
    term: { _tag: "ServiceTime", minutes: 60 },
    clock: {
      receivedAt: Date.parse("2027-03-01T10:00:00+01:00"),
      suspensions: [
        { reason: "awaiting-documents", from: Date.parse("2027-03-02T10:00:00+01:00"), to: Date.parse("2027-03-02T10:30:00+01:00") },
        { reason: "awaiting-administration", from: Date.parse("2027-03-02T10:30:00+01:00"), to: Date.parse("2027-03-02T11:00:00+01:00") }
      ]
    },
    policy: { "awaiting-administration": { mode: "interrupt" }, "awaiting-documents": { mode: "suspend" } },
    expected: { _tag: "Due", at: Date.parse("2027-03-02T12:00:00+01:00") }
  },
  {
    name: "maxDays 1 from 23:30 on the 25-hour day of October counts one suspended day, not two",
    rule: "maxDays caps how long it can hold the clock (calendar days; it ends by itself then); " +
      "S = local date of its end minus local date of its start.",
    input: departmentInput,
    term: { _tag: "Days", days: 10 },
    clock: {
      receivedAt: Date.parse("2027-10-31T23:30:00+01:00"),
      suspensions: [{
        reason: "awaiting-administration",
        from: Date.parse("2027-10-31T23:30:00+01:00"),
        to: Date.parse("2027-11-10T10:00:00+01:00")
      }]
    },
    policy: { "awaiting-administration": { mode: "suspend", maxDays: 1 } },
    // d0 = 31 Oct, S = 1 (the cap is 1 Nov 23:30), D = 11 Nov (Thu) → 12 Nov 00:00.
    expected: { _tag: "Due", at: Date.parse("2027-11-12T00:00:00+01:00") }
  },
  {
    name: "maxDays 1 from 09:01 on the 23-hour day of March ends at 09:01 the next day",
    rule: "maxDays caps how long it can hold the clock (calendar days; it ends by itself then).",
    input: departmentInput,
    term: { _tag: "ServiceTime", minutes: 1 },
    clock: {
      receivedAt: Date.parse("2029-03-25T08:01:00+02:00"),
      suspensions: [{
        reason: "awaiting-administration",
        from: Date.parse("2029-03-25T09:01:00+02:00"),
        to: Date.parse("2029-03-28T09:01:00+02:00")
      }]
    },
    policy: { "awaiting-administration": { mode: "suspend", maxDays: 1 } },
    // Suspended until Mon 26 Mar 09:01 CEST; the one minute counted is 09:01–09:02.
    expected: { _tag: "Due", at: Date.parse("2029-03-26T09:02:00+02:00") }
  },
  {
    name: "maxDays 0 from the second 02:00 of the autumn day does not make a deadline earlier",
    rule: "A suspension never makes a deadline earlier (design.md, laws); maxDays caps how long it can hold the clock.",
    input: {
      versions: [{
        id: "h24",
        from: "2024-01-01",
        timeZone: "Europe/Rome",
        week: Object.fromEntries(WEEKDAYS.map((d) => [d, [["00:00", "24:00"]]])),
        holidays: []
      }]
    },
    term: { _tag: "ServiceTime", minutes: 60 },
    clock: {
      receivedAt: Date.parse("2027-10-31T02:00:00+01:00"),
      suspensions: [{ reason: "awaiting-administration", from: Date.parse("2027-10-31T02:00:00+01:00"), to: Date.parse("2027-10-31T02:00:00+01:00") }]
    },
    policy: { "awaiting-administration": { mode: "suspend", maxDays: 0 } },
    // The same as with no suspension at all: one hour after receipt.
    expected: { _tag: "Due", at: Date.parse("2027-10-31T03:00:00+01:00") }
  },
  {
    name: "a Sunday interval [02:45, 09:00) opens at 03:00 CEST on the day the clocks skip 02:00–03:00",
    rule: "Normal service time: 09:00–18:00 local (service time is read on the local wall clock).",
    input: sundayGap,
    term: { _tag: "ServiceTime", minutes: 60 },
    clock: { receivedAt: Date.parse("2029-03-25T01:30:00+01:00"), suspensions: [] },
    policy: defaultPolicy,
    // The clocks jump from 01:59 CET to 03:00 CEST, past 02:45: service runs from 03:00 CEST,
    // so one hour of it ends at 04:00 CEST (reading "02:45" as 03:45 would give 04:45).
    expected: { _tag: "Due", at: Date.parse("2029-03-25T04:00:00+02:00") }
  }
]
