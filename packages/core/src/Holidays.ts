/**
 * Public holidays as curated, reviewable rules — never an unvetted feed (Zammad #390). A rule
 * is a fixed day of the year, a day relative to Easter Sunday, or a single date, each with an
 * optional span of years in which the law made it a holiday.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { civil, easterSunday, epochDay, formatDate, parseDate } from "./internal/civil.ts"

const Year = Schema.Int.check(Schema.isBetween({ minimum: 1583, maximum: 9999 }))

/**
 * A local date written "YYYY-MM-DD" (a real Gregorian date).
 *
 * @since 0.1.0
 * @category models
 */
export const LocalDate = Schema.String.check(
  Schema.makeFilter((s: string) => parseDate(s) !== undefined || `expected a real date written YYYY-MM-DD, got "${s}"`)
)

/**
 * The same day every year, e.g. 25 April.
 *
 * @since 0.1.0
 * @category models
 */
export const Fixed = Schema.TaggedStruct("Fixed", {
  month: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })),
  day: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 })),
  name: Schema.String,
  fromYear: Schema.optionalKey(Year),
  untilYear: Schema.optionalKey(Year)
})

/**
 * A day at a distance from Easter Sunday: Easter Monday is `offsetDays: 1`.
 *
 * @since 0.1.0
 * @category models
 */
export const Easter = Schema.TaggedStruct("Easter", {
  offsetDays: Schema.Int,
  name: Schema.String,
  fromYear: Schema.optionalKey(Year),
  untilYear: Schema.optionalKey(Year)
})

/**
 * A single date, e.g. a one-off national day of mourning.
 *
 * @since 0.1.0
 * @category models
 */
export const OnDate = Schema.TaggedStruct("Date", {
  date: LocalDate,
  name: Schema.String
})

/**
 * One holiday rule.
 *
 * @since 0.1.0
 * @category models
 */
export const HolidayRule = Schema.Union([Fixed, Easter, OnDate])

/**
 * @since 0.1.0
 * @category models
 */
export type HolidayRule = typeof HolidayRule.Type

/**
 * A holiday on a date.
 *
 * @since 0.1.0
 * @category models
 */
export interface Holiday {
  readonly date: string
  readonly name: string
}

const inYears = (rule: { readonly fromYear?: number; readonly untilYear?: number }, year: number): boolean =>
  (rule.fromYear === undefined || year >= rule.fromYear) && (rule.untilYear === undefined || year <= rule.untilYear)

/**
 * The epoch day of a rule in a year, or undefined when the rule gives no holiday that year.
 *
 * @internal
 */
export const dayOf = (rule: HolidayRule, year: number): number | undefined => {
  switch (rule._tag) {
    case "Fixed": {
      if (!inYears(rule, year)) return undefined
      const d = epochDay(year, rule.month, rule.day)
      return civil(d).month === rule.month ? d : undefined
    }
    case "Easter":
      return inYears(rule, year) ? easterSunday(year) + rule.offsetDays : undefined
    case "Date": {
      const d = parseDate(rule.date)!
      return civil(d).year === year ? d : undefined
    }
  }
}

/**
 * The holidays that a list of rules gives in one year, sorted by date.
 *
 * @since 0.1.0
 * @category operations
 */
export const datesIn = (rules: ReadonlyArray<HolidayRule>, year: number): Array<Holiday> => {
  const names = new Map<number, Array<string>>()
  for (const rule of rules) {
    const d = dayOf(rule, year)
    if (d !== undefined) names.set(d, [...(names.get(d) ?? []), rule.name])
  }
  return [...names.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, list]) => ({ date: formatDate(day), name: list.join(" / ") }))
}

/**
 * Options for {@link italy}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ItalyOptions {
  /** The patron saint's day of the office's city, a holiday there (Rome: 29 June). */
  readonly patron?: { readonly month: number; readonly day: number; readonly name: string }
}

/**
 * The national public holidays of Italy (Law 260/1949 as amended; Law 151/2025 adds 4 October
 * from 2026), plus the patron saint of the office's city when given. Holidays that fall on a
 * Saturday or Sunday are not moved. Epiphany is listed from 1986 and Republic Day on 2 June
 * from 2001, when the law restored them; earlier history is not modelled.
 *
 * @since 0.1.0
 * @category constructors
 */
export const italy = (options: ItalyOptions = {}): Array<HolidayRule> => {
  const rules: Array<HolidayRule> = [
    { _tag: "Fixed", month: 1, day: 1, name: "Capodanno" },
    { _tag: "Fixed", month: 1, day: 6, name: "Epifania", fromYear: 1986 },
    { _tag: "Easter", offsetDays: 0, name: "Pasqua" },
    { _tag: "Easter", offsetDays: 1, name: "Lunedì dell'Angelo" },
    { _tag: "Fixed", month: 4, day: 25, name: "Festa della Liberazione" },
    { _tag: "Fixed", month: 5, day: 1, name: "Festa del Lavoro" },
    { _tag: "Fixed", month: 6, day: 2, name: "Festa della Repubblica", fromYear: 2001 },
    { _tag: "Fixed", month: 8, day: 15, name: "Assunzione (Ferragosto)" },
    { _tag: "Fixed", month: 10, day: 4, name: "San Francesco d'Assisi", fromYear: 2026 },
    { _tag: "Fixed", month: 11, day: 1, name: "Ognissanti" },
    { _tag: "Fixed", month: 12, day: 8, name: "Immacolata Concezione" },
    { _tag: "Fixed", month: 12, day: 25, name: "Natale" },
    { _tag: "Fixed", month: 12, day: 26, name: "Santo Stefano" }
  ]
  if (options.patron !== undefined) {
    rules.push({ _tag: "Fixed", month: options.patron.month, day: options.patron.day, name: options.patron.name })
  }
  return rules
}

/**
 * The patron saint's day of Rome, where the Department's offices are: 29 June.
 *
 * @since 0.1.0
 * @category constants
 */
export const romePatron = { month: 6, day: 29, name: "Santi Pietro e Paolo (Roma)" } as const
