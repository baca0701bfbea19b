/**
 * fast-check arbitraries for the oracle property tests: calendar inputs (the encoded config of
 * the contract), instants concentrated where calendars go wrong, suspension histories, policies
 * and terms. Everything is whole minutes, so the brute-force oracle can decide each minute.
 *
 * Generated scenarios carry a `fc.toStringMethod` so that a counterexample prints its instants
 * as local ISO times of the calendar's zone rather than as epoch milliseconds.
 */
import * as fc from "fast-check"
import {
  addDays,
  type CalendarInput,
  type Clock,
  DAY,
  type EmergencyInput,
  formatLocal,
  type HolidayRuleInput,
  instantOfLocal,
  italianHolidays,
  MINUTE,
  type ReasonPolicy,
  type Suspension,
  type SuspensionPolicy,
  type Term,
  utcOffset,
  type VersionInput,
  type WeekdayName,
  type WeekInput
} from "./Oracle.ts"

// ---------------------------------------------------------------------------------------------
// Run parameters: a fixed seed in CI, overridable from the environment
// ---------------------------------------------------------------------------------------------

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === "") return fallback
  const n = Number(raw)
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`)
  return n
}

/** `SPORTELLO_PROPERTY_SEED` (default 20261125) and `SPORTELLO_PROPERTY_RUNS` (default 200). */
export const propertySeed = envInt("SPORTELLO_PROPERTY_SEED", 20261125)
export const propertyRuns = envInt("SPORTELLO_PROPERTY_RUNS", 200)

/** Parameters for `fc.assert`: the seed, the run count (scaled by `weight`), and the path when replaying. */
export const params = <T>(weight = 1): fc.Parameters<T> => {
  const path = process.env["SPORTELLO_PROPERTY_PATH"]
  return {
    seed: propertySeed,
    numRuns: Math.max(1, Math.round(propertyRuns * weight)),
    ...(path === undefined ? {} : { path }),
    endOnFailure: false
  }
}

/** A test timeout that grows with the run count (the runs, not the clock, are the contract). */
export const timeoutFor = (weight = 1): number => 30_000 + Math.round(propertyRuns * weight * 200)

// ---------------------------------------------------------------------------------------------
// Zones and their daylight-saving changes
// ---------------------------------------------------------------------------------------------

export const ROME = "Europe/Rome"
export const FIRST_YEAR = 2024
export const LAST_YEAR = 2030

const zoneArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(ROME), weight: 14 },
  { arbitrary: fc.constant("America/New_York"), weight: 2 },
  { arbitrary: fc.constant("Australia/Sydney"), weight: 2 },
  { arbitrary: fc.constant("Asia/Tokyo"), weight: 1 },
  { arbitrary: fc.constant("UTC"), weight: 1 }
)

const transitionCache = new Map<string, ReadonlyArray<number>>()

/** The instants (whole minutes) at which the zone's UTC offset changes, 2024–2030, found by bisection. */
export const transitionsOf = (timeZone: string): ReadonlyArray<number> => {
  const hit = transitionCache.get(timeZone)
  if (hit !== undefined) return hit
  const out: Array<number> = []
  let t = Date.UTC(FIRST_YEAR, 0, 1)
  const end = Date.UTC(LAST_YEAR + 1, 0, 1)
  const step = 7 * DAY
  while (t < end) {
    const next = t + step
    if (utcOffset(timeZone, t) !== utcOffset(timeZone, next)) {
      let lo = t // offset(lo) = offset(t)
      let hi = next // offset(hi) ≠ offset(t)
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
        if (utcOffset(timeZone, mid) === utcOffset(timeZone, t)) lo = mid
        else hi = mid
      }
      out.push(hi)
    }
    t = next
  }
  transitionCache.set(timeZone, out)
  return out
}

// ---------------------------------------------------------------------------------------------
// Weekly schedules
// ---------------------------------------------------------------------------------------------

const WEEKDAY_NAMES: ReadonlyArray<WeekdayName> = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday"
]

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`

/** Boundaries people write, the 17:59/18:00/18:01 edge, midnight, "24:00" and the DST hours 02:00–03:00. */
const INTERESTING_MINUTES = [0, 60, 120, 150, 180, 480, 540, 720, 780, 840, 1079, 1080, 1081, 1200, 1380, 1439, 1440]

/**
 * Whether a wall-clock minute lies strictly inside the hour that daylight saving skips or
 * repeats in every zone the tests use (02:00–03:00 in Rome, New York and Sydney).
 */
export const inDstHour = (minute: number): boolean => minute > 120 && minute < 180

const boundaryArb = (gaps: boolean): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...INTERESTING_MINUTES), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 96 }).map((q) => q * 15), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 1440 }), weight: 1 },
    { arbitrary: fc.integer({ min: 121, max: 179 }), weight: gaps ? 3 : 0 }
  ).filter((m) => gaps || !inDstHour(m))

/** 1–3 intervals in a day: distinct sorted boundaries paired up (so never overlapping). */
const dayIntervalsArb = (gaps: boolean): fc.Arbitrary<Array<[string, string]>> => fc
  .uniqueArray(boundaryArb(gaps), { minLength: 2, maxLength: 6 })
  .map((bs) => {
    const sorted = [...bs].sort((a, b) => a - b)
    if (sorted.length % 2 === 1) sorted.pop()
    const out: Array<[string, string]> = []
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)])
    return out
  })

const nineToSix: Array<[string, string]> = [["09:00", "18:00"]]

const presetWeeks: ReadonlyArray<WeekInput> = [
  // The charter: 09:00–18:00 Monday to Friday.
  { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix },
  // Later published hours: 08:00–20:00.
  Object.fromEntries(WEEKDAY_NAMES.slice(0, 5).map((d) => [d, [["08:00", "20:00"]]])),
  // Sparse: Saturday only (osTicket #6739).
  { saturday: [["10:00", "12:00"]] },
  // Sunday only, in the DST hours.
  { sunday: [["01:30", "03:30"]] },
  // Split days (osTicket #6847).
  { monday: [["08:30", "12:30"], ["14:00", "17:59"]], thursday: [["00:00", "02:30"], ["22:00", "24:00"]] },
  // Round the clock.
  Object.fromEntries(WEEKDAY_NAMES.map((d) => [d, [["00:00", "24:00"]]]))
]

const randomWeekArb = (gaps: boolean): fc.Arbitrary<WeekInput> => fc
  .tuple(
    ...WEEKDAY_NAMES.map(() =>
      fc.oneof({ arbitrary: fc.constant<Array<[string, string]>>([]), weight: 2 }, { arbitrary: dayIntervalsArb(gaps), weight: 3 })
    )
  )
  .map((days) => {
    const week: Record<string, Array<[string, string]>> = {}
    days.forEach((intervals, i) => {
      if (intervals.length > 0) week[WEEKDAY_NAMES[i]!] = intervals
    })
    return week as WeekInput
  })
  .filter((week) => Object.keys(week).length > 0)

/**
 * Weekly schedules. With `gaps`, interval boundaries strictly inside the DST hour (02:00–03:00)
 * are generated often; without, never (the general comparisons leave that reading to a property
 * of its own, see Calendar.oracle.test.ts).
 */
export const weekArb = (gaps = false): fc.Arbitrary<WeekInput> =>
  gaps
    ? randomWeekArb(true)
    : fc.oneof({ arbitrary: fc.constantFrom(...presetWeeks), weight: 1 }, { arbitrary: randomWeekArb(false), weight: 2 })

/** Minutes of normal service in the week (to keep service-time amounts within reach). */
export const weeklyMinutes = (week: WeekInput): number => {
  let total = 0
  for (const name of WEEKDAY_NAMES) {
    for (const [a, b] of week[name] ?? []) {
      const [ah, am] = a.split(":").map(Number)
      const [bh, bm] = b.split(":").map(Number)
      total += bh! * 60 + bm! - (ah! * 60 + am!)
    }
  }
  return total
}

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const yearsArb = fc.record(
  {
    fromYear: fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }),
    untilYear: fc.integer({ min: FIRST_YEAR, max: LAST_YEAR })
  },
  { requiredKeys: [] }
)

const fixedArb: fc.Arbitrary<HolidayRuleInput> = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), yearsArb)
  .map(([month, day, years]) => ({
    _tag: "Fixed" as const,
    month,
    day: Math.min(day, month === 2 ? 28 : DAYS_IN_MONTH[month - 1]!),
    name: `fixed ${month}/${day}`,
    ...years
  }))

const easterArb: fc.Arbitrary<HolidayRuleInput> = fc
  .tuple(fc.constantFrom(-2, 0, 1, 39, 49, 50, 60), yearsArb)
  .map(([offsetDays, years]) => ({ _tag: "Easter" as const, offsetDays, name: `Easter ${offsetDays >= 0 ? "+" : ""}${offsetDays}`, ...years }))

const localDateArb = (fromYear: number, toYear: number): fc.Arbitrary<string> =>
  fc
    .integer({ min: Date.UTC(fromYear, 0, 1) / DAY, max: Date.UTC(toYear, 11, 31) / DAY })
    .map((n) => new Date(n * DAY).toISOString().slice(0, 10))

/** Last days of December and first of January, where year arithmetic goes wrong. */
const yearEndDateArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }), fc.integer({ min: -3, max: 3 }))
  .map(([y, k]) => addDays(`${y}-01-01`, k))

const dateRuleArb: fc.Arbitrary<HolidayRuleInput> = fc
  .oneof(localDateArb(FIRST_YEAR, LAST_YEAR), yearEndDateArb)
  .map((date) => ({ _tag: "Date" as const, date, name: `one-off ${date}` }))

export const holidaysArb: fc.Arbitrary<Array<HolidayRuleInput>> = fc.oneof(
  { arbitrary: fc.constant<Array<HolidayRuleInput>>([...italianHolidays]), weight: 2 },
  { arbitrary: fc.array(fc.oneof(fixedArb, easterArb, dateRuleArb), { maxLength: 6 }), weight: 2 },
  {
    arbitrary: fc
      .array(fc.oneof(fixedArb, easterArb, dateRuleArb), { maxLength: 4 })
      .map((extra) => [...italianHolidays, ...extra]),
    weight: 1
  }
)

// ---------------------------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------------------------

const minuteSpan = (maxMinutes: number): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 2 },
    { arbitrary: fc.integer({ min: -180, max: 180 }), weight: 2 },
    { arbitrary: fc.integer({ min: -maxMinutes, max: maxMinutes }), weight: 1 }
  ).map((m) => m * MINUTE)

/** A local wall time on a date, as an instant (times that do not exist move past the gap). */
const localInstantArb = (timeZone: string, dateArb: fc.Arbitrary<string>, minuteArb: fc.Arbitrary<number>) =>
  fc.tuple(dateArb, minuteArb).map(([date, minute]) => instantOfLocal(timeZone, date, hhmm(minute)))

/**
 * An instant concentrated where calendars fail: around the zone's DST changes, the 17:59/18:00
 * boundary and the other interval boundaries, holidays (also on weekends), year ends, the
 * emergency periods and version changes of the calendar; and sometimes anywhere in 2024–2030.
 */
export const instantArb = (input: CalendarInput): fc.Arbitrary<number> => {
  const zone = input.versions[0]!.timeZone
  const transitions = transitionsOf(zone)
  const anchors: Array<number> = []
  for (const e of input.emergencies ?? []) {
    anchors.push(Date.parse(e.from))
    if (e.to !== undefined) anchors.push(Date.parse(e.to))
  }
  const versionStarts = input.versions.map((v) => v.from)
  const holidayDates = input.versions.flatMap((v) =>
    v.holidays.flatMap((h) =>
      h._tag === "Date" ? [h.date] : h._tag === "Fixed" ? [`2027-${String(h.month).padStart(2, "0")}-${String(h.day).padStart(2, "0")}`] : []
    )
  )
  const boundaries = [
    ...new Set(
      input.versions.flatMap((v) =>
        Object.values(v.week).flatMap((day) =>
          (day ?? []).flatMap(([a, b]) => [a, b].map((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))))
        )
      )
    )
  ].map((m) => Math.min(m, 1439))
  const arbs: Array<fc.WeightedArbitrary<number>> = [
    {
      arbitrary: localInstantArb(
        zone,
        localDateArb(FIRST_YEAR, LAST_YEAR),
        fc.oneof(fc.constantFrom(1079, 1080, 1081, 539, 540), fc.constantFrom(...boundaries))
      ),
      weight: 3
    },
    { arbitrary: localInstantArb(zone, yearEndDateArb, fc.integer({ min: 0, max: 1439 })), weight: 1 },
    { arbitrary: localInstantArb(zone, versionStarts.length > 0 ? fc.constantFrom(...versionStarts) : yearEndDateArb, fc.integer({ min: 0, max: 1439 })), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: Date.UTC(FIRST_YEAR, 0, 1) / MINUTE, max: Date.UTC(LAST_YEAR, 11, 31) / MINUTE })
        .map((m) => m * MINUTE),
      weight: 2
    }
  ]
  if (transitions.length > 0) {
    arbs.push({
      arbitrary: fc.tuple(fc.constantFrom(...transitions), minuteSpan(3 * 24 * 60)).map(([t, d]) => t + d),
      weight: 5
    })
  }
  if (anchors.length > 0) {
    arbs.push({
      arbitrary: fc.tuple(fc.constantFrom(...anchors), minuteSpan(2 * 24 * 60)).map(([t, d]) => t + d),
      weight: 2
    })
  }
  if (holidayDates.length > 0) {
    arbs.push({
      arbitrary: localInstantArb(
        zone,
        fc.tuple(fc.constantFrom(...holidayDates), fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }), fc.integer({ min: -1, max: 1 }))
          .map(([date, year, shift]) => addDays(`${year}${date.slice(4)}`.replace(/-02-29$/, "-02-28"), shift)),
        fc.integer({ min: 0, max: 1439 })
      ),
      weight: 2
    })
  }
  return fc.oneof(...arbs)
}

// ---------------------------------------------------------------------------------------------
// Emergencies and versions
// ---------------------------------------------------------------------------------------------

const isoWithOffset = (timeZone: string, t: number, style: "Z" | "offset"): string =>
  style === "Z" ? new Date(t).toISOString() : `${formatLocal(timeZone, t)}`.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/, "$1:00")

const emergenciesArb = (timeZone: string): fc.Arbitrary<Array<EmergencyInput>> => {
  const transitions = transitionsOf(timeZone)
  const startArb: fc.Arbitrary<number> = transitions.length > 0
    ? fc.oneof(
      // Spanning a daylight-saving change.
      fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: 1, max: 3 * 24 * 60 })).map(([t, d]) => t - d * MINUTE),
      fc.integer({ min: Date.UTC(FIRST_YEAR, 0, 1) / MINUTE, max: Date.UTC(LAST_YEAR, 11, 31) / MINUTE }).map((m) => m * MINUTE)
    )
    : fc.integer({ min: Date.UTC(FIRST_YEAR, 0, 1) / MINUTE, max: Date.UTC(LAST_YEAR, 11, 31) / MINUTE }).map((m) => m * MINUTE)
  const lengthArb = fc.option(
    fc.oneof(
      fc.integer({ min: 1, max: 12 * 60 }),
      fc.integer({ min: 1, max: 6 * 24 * 60 }),
      fc.constantFrom(24 * 60, 48 * 60, 60)
    ),
    { freq: 5 }
  )
  return fc
    .array(fc.tuple(startArb, lengthArb, fc.constantFrom("Z" as const, "offset" as const), fc.boolean()), { maxLength: 3 })
    .map((periods) =>
      periods.map(([from, length, style, withNote], i) => ({
        id: `e${i + 1}`,
        from: isoWithOffset(timeZone, from, style),
        ...(length === null ? {} : { to: isoWithOffset(timeZone, from + length * MINUTE, style) }),
        ...(withNote ? { note: "h24" } : {})
      }))
    )
}

const versionsArb = (timeZone: string, gaps: boolean): fc.Arbitrary<Array<VersionInput>> =>
  fc
    .tuple(
      fc.uniqueArray(localDateArb(FIRST_YEAR - 1, LAST_YEAR), { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(weekArb(gaps), holidaysArb), { minLength: 3, maxLength: 3 })
    )
    .map(([dates, bodies]) =>
      [...dates].sort().map((from, i) => ({
        id: `v${i + 1}`,
        from,
        timeZone,
        week: bodies[i]![0],
        holidays: bodies[i]![1]
      }))
    )

/** Calendar inputs; `gaps` puts interval boundaries inside the DST hour (see {@link weekArb}). */
export const calendarInputArbWith = (gaps: boolean): fc.Arbitrary<CalendarInput> =>
  zoneArb.chain((timeZone) =>
    fc.tuple(versionsArb(timeZone, gaps), emergenciesArb(timeZone)).map(([versions, emergencies]) =>
      emergencies.length === 0 ? { versions } : { versions, emergencies }
    )
  )

export const calendarInputArb: fc.Arbitrary<CalendarInput> = calendarInputArbWith(false)

// ---------------------------------------------------------------------------------------------
// Readable scenarios
// ---------------------------------------------------------------------------------------------

/** Renders a value with every number that looks like an instant (2020–2040) as local ISO time. */
export const describeValue = (timeZone: string, value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "number" && v >= Date.UTC(2020, 0, 1) && v <= Date.UTC(2040, 0, 1) && v % MINUTE === 0
      ? `${formatLocal(timeZone, v)} (${v})`
      : v)

/** Wraps generated data so that fast-check prints instants as local ISO times. */
const readable = <A extends { readonly input: CalendarInput }>(value: A): A =>
  Object.defineProperty(value, fc.toStringMethod, {
    value: () => describeValue(value.input.versions[0]!.timeZone, value),
    enumerable: false
  })

/** A clock case that prints its instants as local times. */
export const readableCase = (c: ClockCase): ClockCase => readable({ ...c })

/** A calendar with service round the clock every day (no holidays). */
export const roundTheClock = (timeZone: string): CalendarInput => ({
  versions: [{
    id: "h24",
    from: "2020-01-01",
    timeZone,
    week: Object.fromEntries(WEEKDAY_NAMES.map((d) => [d, [["00:00", "24:00"]]])),
    holidays: []
  }]
})

export interface AtInstant {
  readonly input: CalendarInput
  readonly t: number
}

export const atInstantArbWith = (calendars: fc.Arbitrary<CalendarInput>): fc.Arbitrary<AtInstant> =>
  calendars.chain((input) => instantArb(input).map((t) => readable({ input, t })))

export const atInstantArb: fc.Arbitrary<AtInstant> = atInstantArbWith(calendarInputArb)

export interface Span {
  readonly input: CalendarInput
  readonly a: number
  readonly b: number
  readonly c: number
}

/** Three ordered instants a ≤ b ≤ c, at most a few days apart. */
export const spanArb: fc.Arbitrary<Span> = calendarInputArb.chain((input) =>
  fc
    .tuple(instantArb(input), fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.integer({ min: 0, max: 4 * 24 * 60 }))
    .map(([a, d1, d2]) => readable({ input, a, b: a + d1 * MINUTE, c: a + (d1 + d2) * MINUTE }))
)

export interface WithDuration {
  readonly input: CalendarInput
  readonly t: number
  /** whole minutes of service time */
  readonly minutes: number
}

/** An amount of service time that is reachable within a few weeks of the calendar's hours. */
export const serviceMinutesArb = (input: CalendarInput): fc.Arbitrary<number> => {
  const weekly = Math.min(...input.versions.map((v) => weeklyMinutes(v.week)))
  return fc.oneof(
    fc.constantFrom(0, 1, 60, 240, 480, 540),
    fc.integer({ min: 0, max: Math.max(1, Math.min(2 * weekly, 3 * 24 * 60)) })
  )
}

export const withDurationArb: fc.Arbitrary<WithDuration> = calendarInputArb.chain((input) =>
  fc.tuple(instantArb(input), serviceMinutesArb(input)).map(([t, minutes]) => readable({ input, t, minutes }))
)

export interface DateCase {
  readonly input: CalendarInput
  readonly date: string
}

export const dateCaseArb: fc.Arbitrary<DateCase> = calendarInputArb.chain((input) =>
  fc.tuple(instantArb(input), fc.integer({ min: -1, max: 1 })).map(([t, shift]) => {
    const zone = input.versions[0]!.timeZone
    const date = new Date(t + utcOffset(zone, t)).toISOString().slice(0, 10)
    return readable({ input, date: addDays(date, shift) })
  })
)

// ---------------------------------------------------------------------------------------------
// Clocks, policies and terms
// ---------------------------------------------------------------------------------------------

export const REASONS = ["awaiting-administration", "awaiting-documents"] as const

const reasonArb = fc.oneof(
  { arbitrary: fc.constantFrom(...REASONS), weight: 9 },
  // A reason the policy does not name: it suspends.
  { arbitrary: fc.constant("other-reason"), weight: 1 }
)

const durationMinutesArb = fc.oneof(
  fc.integer({ min: 0, max: 6 * 60 }),
  fc.integer({ min: 0, max: 3 * 24 * 60 }),
  fc.integer({ min: 1, max: 60 }).map((days) => days * 24 * 60),
  fc.integer({ min: 0, max: 60 * 24 * 60 })
)

/** Suspensions after `receivedAt`: sorted, non-overlapping, only the last possibly open. */
export const suspensionsArb = (receivedAt: number, options: { readonly allowOpen?: boolean } = {}): fc.Arbitrary<Array<Suspension>> =>
  fc
    .tuple(
      fc.array(fc.tuple(reasonArb, durationMinutesArb, durationMinutesArb), { maxLength: 3 }),
      options.allowOpen === false ? fc.constant(false) : fc.boolean()
    )
    .map(([parts, lastOpen]) => {
      const out: Array<Suspension> = []
      let t = receivedAt
      parts.forEach(([reason, gap, length], i) => {
        const from = t + gap * MINUTE
        const to = from + length * MINUTE
        if (lastOpen && i === parts.length - 1) out.push({ reason, from })
        else out.push({ reason, from, to })
        t = to
      })
      return out
    })

const reasonPolicyArb: fc.Arbitrary<ReasonPolicy> = fc
  .record(
    {
      mode: fc.constantFrom("suspend" as const, "interrupt" as const),
      maxDays: fc.integer({ min: 0, max: 20 }),
      autoClose: fc.constantFrom<Term>({ _tag: "Days", days: 40 }, { _tag: "Days", days: 10 }, { _tag: "NextServiceDay" })
    },
    { requiredKeys: ["mode"] }
  )

export const policyArb: fc.Arbitrary<SuspensionPolicy> = fc.oneof(
  {
    arbitrary: fc.constant<SuspensionPolicy>({
      "awaiting-administration": { mode: "suspend" },
      "awaiting-documents": { mode: "suspend", autoClose: { _tag: "Days", days: 40 } }
    }),
    weight: 1
  },
  {
    arbitrary: fc.tuple(reasonPolicyArb, reasonPolicyArb).map(([a, d]) => ({
      "awaiting-administration": a,
      "awaiting-documents": d
    })),
    weight: 2
  }
)

export const termArb = (input: CalendarInput): fc.Arbitrary<Term> =>
  fc.oneof(
    fc.constant<Term>({ _tag: "Immediate" }),
    fc.constant<Term>({ _tag: "SameDay" }),
    fc.constant<Term>({ _tag: "NextServiceDay" }),
    fc.oneof(fc.constantFrom(0, 1, 7, 40), fc.integer({ min: 0, max: 60 })).map((days): Term => ({ _tag: "Days", days })),
    serviceMinutesArb(input).map((minutes): Term => ({ _tag: "ServiceTime", minutes }))
  )

export interface ClockCase {
  readonly input: CalendarInput
  readonly term: Term
  readonly clock: Clock
  readonly policy: SuspensionPolicy
}

export const clockCaseArb = (
  options: {
    readonly term?: (input: CalendarInput) => fc.Arbitrary<Term>
    readonly allowOpen?: boolean
    readonly policy?: fc.Arbitrary<SuspensionPolicy>
  } = {}
): fc.Arbitrary<ClockCase> =>
  calendarInputArb.chain((input) =>
    fc
      .tuple((options.term ?? termArb)(input), instantArb(input), options.policy ?? policyArb)
      .chain(([term, receivedAt, policy]) =>
        suspensionsArb(receivedAt, options.allowOpen === undefined ? {} : { allowOpen: options.allowOpen }).map((suspensions) =>
          readable({ input, term, clock: { receivedAt, suspensions }, policy })
        )
      )
  )

