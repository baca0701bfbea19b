/**
 * @sportello/core — the pure core of Sportello: service calendars, SLA clocks and the ticket
 * domain of a public Contact Center.
 *
 * @since 0.1.0
 */

/**
 * Service calendars: hours, holidays, emergency periods, versioned with effective dates.
 *
 * @since 0.1.0
 */
export * as Calendar from "./Calendar.ts"

/**
 * Public holidays as curated rules (Italy's national holidays included).
 *
 * @since 0.1.0
 */
export * as Holidays from "./Holidays.ts"

/**
 * The SLA clock: terms, suspensions, deadlines, explanations and status.
 *
 * @since 0.1.0
 */
export * as Sla from "./Sla.ts"
