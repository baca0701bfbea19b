/**
 * Glue for the oracle property tests: one implementation calendar and one oracle per generated
 * calendar input (both configured from the same value), and readable messages.
 */
import { Calendar } from "@sportello/core"
import { type CalendarInput, formatLocal, makeOracle, type Oracle } from "./Oracle.ts"

export interface Pair {
  readonly cal: Calendar.Calendar
  readonly oracle: Oracle
  /** Local ISO rendering in the calendar's zone. */
  readonly fmt: (t: number | undefined) => string
}

const pairs = new WeakMap<CalendarInput, Pair>()

/** The implementation's calendar and the oracle for one input (cached: shrinking reuses inputs). */
export const pairOf = (input: CalendarInput): Pair => {
  let p = pairs.get(input)
  if (p === undefined) {
    const cal = Calendar.makeUnsafe(input)
    const oracle = makeOracle(input)
    p = { cal, oracle, fmt: (t) => formatLocal(oracle.timeZone, t) }
    pairs.set(input, p)
  }
  return p
}

/** Renders a deadline-like value with its instants as local ISO times. */
export const show = (timeZone: string, value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "number" && Math.abs(v) > 1e12 ? formatLocal(timeZone, v) : v)
