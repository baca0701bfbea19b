/**
 * Service calendars: when the Contact Center is open, in a time zone, with holidays and
 * emergency periods — versioned with effective dates so that changing hours or declaring an
 * emergency never rewrites the past (B5).
 *
 * A calendar is validated when it is built: an invalid one is a typed
 * {@link CalendarConfigError}, and never reaches ticket code (Zammad #1396).
 *
 * Instants are epoch milliseconds (UTC); local dates are "YYYY-MM-DD" strings in the
 * calendar's time zone. Every operation is pure and synchronous, and costs the same for a
 * horizon of 8 hours or 40 days: the calendar keeps a precomputed table of UTC service
 * intervals with prefix sums.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema, SchemaIssue } from "effect"
import * as Holidays from "./Holidays.ts"
import { civil, daysInMonth, formatDate, parseDate } from "./internal/civil.ts"
import { ServiceTable, TableKey, type TableVersion } from "./internal/serviceTable.ts"
import { isKnownZone } from "./internal/zone.ts"

// -----------------------------------------------------------------------------
// Configuration (the encoded form, as written by the Department)
// -----------------------------------------------------------------------------

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/

/**
 * A time of day "HH:MM", from "00:00" to "24:00" (the end of the day).
 *
 * @since 0.1.0
 * @category models
 */
export const TimeOfDay = Schema.String.check(
  Schema.makeFilter((s: string) => TIME.test(s) || `expected a time of day "HH:MM" between 00:00 and 24:00, got "${s}"`)
)

/**
 * A service interval within a day: `["09:00", "18:00"]`.
 *
 * @since 0.1.0
 * @category models
 */
export const ServiceInterval = Schema.Tuple([TimeOfDay, TimeOfDay])

const Day = Schema.optionalKey(Schema.Array(ServiceInterval))

/**
 * The weekly schedule: service intervals per weekday (several per day allowed).
 *
 * @since 0.1.0
 * @category models
 */
export const WeeklySchedule = Schema.Struct({
  monday: Day,
  tuesday: Day,
  wednesday: Day,
  thursday: Day,
  friday: Day,
  saturday: Day,
  sunday: Day
})

/**
 * @since 0.1.0
 * @category models
 */
export type WeeklySchedule = typeof WeeklySchedule.Type

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/

/**
 * An instant written in ISO 8601 with an explicit offset or `Z`, e.g. "2027-03-05T18:00:00+01:00".
 *
 * @since 0.1.0
 * @category models
 */
export const InstantString = Schema.String.check(
  Schema.makeFilter((s: string) =>
    (INSTANT.test(s) && !Number.isNaN(Date.parse(s))) ||
    `expected an ISO 8601 instant with an offset, like 2027-03-05T18:00:00+01:00, got "${s}"`
  )
)

/**
 * One version of the calendar, in force from a local date until the next version's.
 *
 * @since 0.1.0
 * @category models
 */
export const VersionInput = Schema.Struct({
  id: Schema.NonEmptyString,
  from: Holidays.LocalDate,
  timeZone: Schema.NonEmptyString,
  week: WeeklySchedule,
  holidays: Schema.Array(Holidays.HolidayRule)
})

/**
 * @since 0.1.0
 * @category models
 */
export type VersionInput = typeof VersionInput.Type

/**
 * An emergency period `[from, to)` during which the service runs round the clock (R16);
 * without `to` it lasts until it is ended.
 *
 * @since 0.1.0
 * @category models
 */
export const EmergencyInput = Schema.Struct({
  id: Schema.NonEmptyString,
  from: InstantString,
  to: Schema.optionalKey(InstantString),
  note: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type EmergencyInput = typeof EmergencyInput.Type

/**
 * The whole configuration of a calendar.
 *
 * @since 0.1.0
 * @category models
 */
export const CalendarInput = Schema.Struct({
  versions: Schema.NonEmptyArray(VersionInput),
  emergencies: Schema.optionalKey(Schema.Array(EmergencyInput))
})

/**
 * @since 0.1.0
 * @category models
 */
export type CalendarInput = typeof CalendarInput.Type

/**
 * A calendar configuration that cannot be used, with where (`path`) and why (`message`).
 *
 * @since 0.1.0
 * @category errors
 */
export class CalendarConfigError extends Schema.TaggedError<CalendarConfigError>()("CalendarConfigError", {
  message: Schema.String,
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number]))
}) {}

// -----------------------------------------------------------------------------
// The calendar value
// -----------------------------------------------------------------------------

/**
 * A validated service calendar.
 *
 * @since 0.1.0
 * @category models
 */
export interface Calendar {
  /** The configuration it was built from (serialisable; build it again with {@link make}). */
  readonly input: CalendarInput
  /** The IANA time zone shared by every version. */
  readonly timeZone: string
  /** @internal */
  readonly [TableKey]: ServiceTable
}

interface Emergency {
  readonly id: string
  readonly from: number
  readonly to: number
}

const toMinutes = (t: string): number => (t === "24:00" ? 1440 : Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)))

const fail = (message: string, path: ReadonlyArray<string | number>): Result.Result<never, CalendarConfigError> =>
  Result.fail(new CalendarConfigError({ message, path: [...path] }))

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("")

const decodeInput = Schema.decodeUnknownResult(CalendarInput)

const build = (raw: unknown): Result.Result<Calendar, CalendarConfigError> => {
  if (typeof raw === "object" && raw !== null && Array.isArray((raw as { versions?: unknown }).versions) && (raw as { versions: Array<unknown> }).versions.length === 0) {
    return fail("invalid calendar: versions: a calendar needs at least one version", ["versions"])
  }
  const decoded = decodeInput(raw)
  if (Result.isFailure(decoded)) {
    const issue = formatter(decoded.failure.issue).issues[0]
    const path = (issue?.path ?? []).map((p) => (typeof p === "number" ? p : String(p)))
    const where = path.length > 0 ? `${renderPath(path)}: ` : ""
    return fail(`invalid calendar: ${where}${issue?.message ?? decoded.failure.message}`, path)
  }
  const input = decoded.success
  const zone = input.versions[0].timeZone
  const versions: Array<TableVersion & { readonly id: string }> = []
  for (const [vi, v] of input.versions.entries()) {
    if (v.timeZone !== zone) {
      return fail(
        `version "${v.id}" uses time zone ${v.timeZone} but the calendar uses ${zone}: every version of a calendar shares one time zone`,
        ["versions", vi, "timeZone"]
      )
    }
    if (!isKnownZone(v.timeZone)) {
      return fail(`unknown time zone "${v.timeZone}" (expected an IANA name such as Europe/Rome)`, ["versions", vi, "timeZone"])
    }
    const fromDay = parseDate(v.from)!
    const prev = versions[versions.length - 1]
    if (prev !== undefined && fromDay <= prev.fromDay) {
      return fail(`version "${v.id}" starts on ${v.from}, not after the version before it: versions must be in order of their start dates`, [
        "versions",
        vi,
        "from"
      ])
    }
    const week: Array<Array<readonly [number, number]>> = []
    for (const name of WEEKDAYS) {
      const intervals = (v.week[name] ?? []).map(([s, e], ii) => ({ s: toMinutes(s), e: toMinutes(e), ii }))
      for (const { s, e, ii } of intervals) {
        if (e <= s) {
          return fail(`the interval ${v.week[name]![ii]![0]}–${v.week[name]![ii]![1]} on ${name} ends before it starts`, [
            "versions",
            vi,
            "week",
            name,
            ii
          ])
        }
      }
      const sorted = [...intervals].sort((a, b) => a.s - b.s)
      for (let k = 1; k < sorted.length; k++) {
        if (sorted[k]!.s < sorted[k - 1]!.e) {
          const a = v.week[name]![sorted[k - 1]!.ii]!
          const b = v.week[name]![sorted[k]!.ii]!
          return fail(`the intervals ${a[0]}–${a[1]} and ${b[0]}–${b[1]} on ${name} overlap`, ["versions", vi, "week", name, sorted[k]!.ii])
        }
      }
      week.push(sorted.map(({ s, e }) => [s, e] as const))
    }
    if (week.every((d) => d.length === 0)) {
      return fail(`version "${v.id}" has no service hours on any day of the week`, ["versions", vi, "week"])
    }
    for (const [hi, h] of v.holidays.entries()) {
      if (h._tag === "Fixed" && h.day > daysInMonth(2000, h.month)) { // 2000: a leap year, so 29 February is allowed
        return fail(`holiday "${h.name}" is on day ${h.day} of month ${h.month}, which does not exist`, ["versions", vi, "holidays", hi])
      }
    }
    const rules = v.holidays
    const byYear = new Map<number, Set<number>>()
    const isHoliday = (day: number): boolean => {
      const year = civil(day).year
      let set = byYear.get(year)
      if (set === undefined) {
        set = new Set()
        for (const r of rules) {
          const d = Holidays.dayOf(r, year)
          if (d !== undefined) set.add(d)
        }
        byYear.set(year, set)
      }
      return set.has(day)
    }
    versions.push({ id: v.id, fromDay, week, isHoliday })
  }
  const emergencies: Array<Emergency> = []
  for (const [ei, e] of (input.emergencies ?? []).entries()) {
    const from = Date.parse(e.from)
    const to = e.to === undefined ? Infinity : Date.parse(e.to)
    if (to <= from) {
      return fail(`emergency "${e.id}" ends (${e.to}) before it starts (${e.from})`, ["emergencies", ei, "to"])
    }
    if (emergencies.some((x) => x.id === e.id)) {
      return fail(`two emergency periods are called "${e.id}"`, ["emergencies", ei, "id"])
    }
    emergencies.push({ id: e.id, from, to })
  }
  return Result.succeed({
    input,
    timeZone: zone,
    [TableKey]: new ServiceTable(zone, versions, emergencies)
  })
}

// -----------------------------------------------------------------------------
// Constructors
// -----------------------------------------------------------------------------

/**
 * Builds a calendar from its configuration, or fails with a {@link CalendarConfigError}
 * (empty week, overlapping intervals, unknown time zone, inverted periods, versions out of
 * order…).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: unknown): Effect.Effect<Calendar, CalendarConfigError> => Effect.fromResult(build(input))

/**
 * Builds a calendar or throws its {@link CalendarConfigError}: for scripts, tests and
 * constants known to be valid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (input: unknown): Calendar => {
  const result = build(input)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

/**
 * Builds a calendar as a `Result`, for code that does not run effects.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeResult: (input: unknown) => Result.Result<Calendar, CalendarConfigError> = build

const nineToSix = [["09:00", "18:00"]] as const

/**
 * The Department's default calendar configuration, from the service charter: Europe/Rome,
 * 09:00–18:00 Monday to Friday, the Italian national holidays (Easter Monday included, and
 * 4 October from 2026) and Rome's patron saint on 29 June.
 *
 * @since 0.1.0
 * @category constants
 */
export const departmentDefaultInput: CalendarInput = {
  versions: [{
    id: "dpc-charter",
    from: "2000-01-01",
    timeZone: "Europe/Rome",
    week: { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix },
    holidays: Holidays.italy({ patron: Holidays.romePatron })
  }],
  emergencies: []
}

/**
 * The Department's default calendar (see {@link departmentDefaultInput}).
 *
 * @since 0.1.0
 * @category constants
 */
export const departmentDefault: Calendar = makeUnsafe(departmentDefaultInput)

// -----------------------------------------------------------------------------
// Changes: each gives a new calendar and leaves the old one as it was
// -----------------------------------------------------------------------------

/**
 * Declares an emergency period (R16): service runs round the clock from `from` until `to`, or
 * until {@link endEmergency} when `to` is absent.
 *
 * @since 0.1.0
 * @category changes
 */
export const declareEmergency = (calendar: Calendar, period: EmergencyInput): Effect.Effect<Calendar, CalendarConfigError> =>
  make({ ...calendar.input, emergencies: [...(calendar.input.emergencies ?? []), period] })

/**
 * Ends an open emergency period at an instant (ISO 8601 string).
 *
 * @since 0.1.0
 * @category changes
 */
export const endEmergency = (calendar: Calendar, id: string, at: string): Effect.Effect<Calendar, CalendarConfigError> => {
  const emergencies = calendar.input.emergencies ?? []
  const index = emergencies.findIndex((e) => e.id === id)
  const current = emergencies[index]
  if (current === undefined) {
    return Effect.fail(new CalendarConfigError({ message: `there is no emergency period called "${id}"`, path: ["emergencies"] }))
  }
  if (current.to !== undefined) {
    return Effect.fail(
      new CalendarConfigError({ message: `the emergency period "${id}" already ended at ${current.to}`, path: ["emergencies", index, "to"] })
    )
  }
  return make({ ...calendar.input, emergencies: emergencies.map((e, i) => (i === index ? { ...e, to: at } : e)) })
}

/**
 * Adds a version in force from its `from` date, which must come after the last version's.
 * Pass `notBefore` (an instant, normally now) to refuse a version that would start on or
 * before that instant's local date and so rewrite deadlines already running (B5).
 *
 * @since 0.1.0
 * @category changes
 */
export const addVersion = (
  calendar: Calendar,
  version: VersionInput,
  options: { readonly notBefore?: number } = {}
): Effect.Effect<Calendar, CalendarConfigError> => {
  if (options.notBefore !== undefined) {
    const today = localDate(calendar, options.notBefore)
    if (version.from <= today) {
      return Effect.fail(
        new CalendarConfigError({
          message: `version "${version.id}" would start on ${version.from}, not after today (${today}): a new version cannot rewrite the past`,
          path: ["versions", calendar.input.versions.length, "from"]
        })
      )
    }
  }
  return make({ ...calendar.input, versions: [...calendar.input.versions, version] })
}

// -----------------------------------------------------------------------------
// Queries
// -----------------------------------------------------------------------------

const dayOfDate = (date: string): number => {
  const d = parseDate(date)
  if (d === undefined) throw new RangeError(`expected a date written YYYY-MM-DD, got "${date}"`)
  return d
}

/**
 * Whether an instant lies in service time.
 *
 * @since 0.1.0
 * @category queries
 */
export const isServiceTime = (calendar: Calendar, t: number): boolean => calendar[TableKey].isServiceTime(t)

/**
 * The instant itself when it lies in service time, else the next start of service time.
 *
 * @since 0.1.0
 * @category queries
 */
export const nextServiceStart = (calendar: Calendar, t: number): number => calendar[TableKey].nextServiceStart(t)

/**
 * Whether a local date holds any service time.
 *
 * @since 0.1.0
 * @category queries
 */
export const isServiceDay = (calendar: Calendar, date: string): boolean => calendar[TableKey].isServiceDay(dayOfDate(date))

/**
 * The end of service time on a local date (exclusive: the last instant of service time in
 * that date), or undefined when the date holds no service time. 18:00 on a normal day; 00:00
 * of the next date when an emergency period covers the rest of the date.
 *
 * @since 0.1.0
 * @category queries
 */
export const endOfService = (calendar: Calendar, date: string): number | undefined => {
  const table = calendar[TableKey]
  const day = dayOfDate(date)
  return table.isServiceDay(day) ? table.endOfServiceOn(day) : undefined
}

/**
 * Milliseconds of service time in `[a, b)`; 0 when `b <= a`.
 *
 * @since 0.1.0
 * @category queries
 */
export const serviceTimeBetween = (calendar: Calendar, a: number, b: number): number => {
  if (b <= a) return 0
  const table = calendar[TableKey]
  table.coverInstant(a)
  const ca = table.cumulative(a)
  return table.cumulative(b) - ca
}

/**
 * The instant at which `ms` of service time, counted from `t` (or from the next start of
 * service time when `t` is outside it), have elapsed. When the count ends exactly at the end
 * of a service interval, that end is the answer (Monday 10:00 + 8 h = Monday 18:00).
 *
 * @since 0.1.0
 * @category queries
 */
export const addServiceTime = (calendar: Calendar, t: number, ms: number): number => {
  const table = calendar[TableKey]
  if (ms <= 0) return table.nextServiceStart(t)
  return table.instantAt(table.cumulative(t) + ms)
}

/**
 * The local date of an instant, "YYYY-MM-DD".
 *
 * @since 0.1.0
 * @category queries
 */
export const localDate = (calendar: Calendar, t: number): string => formatDate(calendar[TableKey].dayOf(t))

/**
 * The instant of 00:00 local on a date.
 *
 * @since 0.1.0
 * @category queries
 */
export const startOfDay = (calendar: Calendar, date: string): number => calendar[TableKey].startOf(dayOfDate(date))

/**
 * The version of the calendar in force on a local date.
 *
 * @since 0.1.0
 * @category queries
 */
export const versionOn = (calendar: Calendar, date: string): VersionInput => {
  const day = dayOfDate(date)
  const versions = calendar.input.versions
  let v = versions[0]
  for (const candidate of versions) if (parseDate(candidate.from)! <= day) v = candidate
  return v
}

/**
 * The emergency periods that overlap `[a, b)`.
 *
 * @since 0.1.0
 * @category queries
 */
export const emergenciesBetween = (calendar: Calendar, a: number, b: number): Array<EmergencyInput> =>
  (calendar.input.emergencies ?? []).filter((e) => Date.parse(e.from) < b && (e.to === undefined || Date.parse(e.to) > a))
