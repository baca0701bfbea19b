/**
 * dayjs-business-time. Configuration is global, in the dayjs locale: 09:00–18:00 Monday–Friday
 * and the explicit list of holiday dates. Two ways of giving it the zone, each in its own process:
 * - `dayjs` (the reference's set-up): zone-explicit objects, `dayjs(t).tz("Europe/Rome")` with
 *   dayjs's own utc + timezone plugins — what a server that must not depend on the process's zone
 *   would write;
 * - `dayjs_local` (dayjsLocal.ts): plain local objects, `dayjs(t)`, relying on TZ=Europe/Rome.
 */
import dayjs from "dayjs"
import timezone from "dayjs/plugin/timezone.js"
import utc from "dayjs/plugin/utc.js"
import businessTime from "dayjs-business-time"
import { createRequire } from "node:module"
import { ZONE, holidayDates } from "../config.ts"
import { ELAPSED_SPAN, ST40D_MIN, type Lib, type LibFactory } from "../cases.ts"
import { GUARD_CALLS, LOOP_GUARD, NA } from "./naReasons.ts"

export const makeDayjs =
  (zoneExplicit: boolean): LibFactory =>
  (inputs): Lib => {
    dayjs.extend(utc)
    dayjs.extend(timezone)
    dayjs.extend(businessTime)
    const day = [{ start: "09:00:00", end: "18:00:00" }]
    dayjs.setBusinessTime({ sunday: null, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: null })
    dayjs.setHolidays(holidayDates())
    const r = inputs.receipts
    const s3 = inputs.susp3
    // Loop guard (answers and screening only, never while timing): dayjs-business-time can loop
    // forever with zone-explicit objects around the spring-forward weekend. Counting dayjs calls
    // (add, clone, isBusinessDay) per operation turns such a loop into an exception instead of a dead process.
    let calls = 0
    if (process.env.BENCH_GUARD === "1") {
      const proto = dayjs.prototype as unknown as Record<string, (...a: Array<unknown>) => unknown>
      for (const name of ["add", "clone", "isBusinessDay"]) {
        const original = proto[name]!
        proto[name] = function (this: unknown, ...a: Array<unknown>) {
          if (++calls > GUARD_CALLS) throw new Error(`${LOOP_GUARD}: more than ${GUARD_CALLS.toLocaleString("en-US")} dayjs calls for one operation`)
          return original.apply(this, a)
        }
      }
    }
    const guarded = (op: (i: number) => number): ((i: number) => number) =>
      process.env.BENCH_GUARD === "1"
        ? (i) => {
            calls = 0
            return op(i)
          }
        : op
    const d = zoneExplicit ? (t: number): dayjs.Dayjs => dayjs(t).tz(ZONE) : (t: number): dayjs.Dayjs => dayjs(t)
    const elapsed = (a: number, b: number): number => d(a).businessMinutesDiff(d(b)) * 60_000
    const require = createRequire(import.meta.url)
    const version = (require("dayjs-business-time/package.json") as { version: string }).version
    const dv = (require("dayjs/package.json") as { version: string }).version
    const how = zoneExplicit ? `dayjs(t).tz("${ZONE}")` : "dayjs(t)"
    return {
      name: zoneExplicit ? "dayjs" : "dayjs_local",
      label: zoneExplicit ? "dayjs-business-time (dayjs.tz)" : "dayjs-business-time (process TZ)",
      version: `${version} (dayjs ${dv})`,
      setup: `${zoneExplicit ? `dayjs(t).tz("${ZONE}") (plugins utc, timezone)` : `plain dayjs(t), relying on TZ=${process.env.TZ ?? "?"}`}; setBusinessTime 09:00–18:00 Mon–Fri; setHolidays(${holidayDates().length} dates)`,
      isServiceDay: (date) => (zoneExplicit ? dayjs.tz(`${date}T12:00:00`, ZONE) : dayjs(`${date}T12:00:00`)).isBusinessDay(),
      cases: {
        days40: { na: NA.days40 },
        sameDay: { na: NA.sameDay },
        st8h: { op: guarded((i) => d(r[i]!).addBusinessHours(8).valueOf()), how: `${how}.addBusinessHours(8)` },
        st40d: { op: guarded((i) => d(r[i]!).addBusinessMinutes(ST40D_MIN).valueOf()), how: `${how}.addBusinessMinutes(${ST40D_MIN})` },
        st40d3s: { na: NA.st40d3s },
        el40: { op: guarded((i) => elapsed(r[i]!, r[i]! + ELAPSED_SPAN)), how: "businessMinutesDiff" },
        el40s3: {
          op: guarded((i) => {
            const a = r[i]!
            const b = a + ELAPSED_SPAN
            let total = elapsed(a, b)
            for (const s of s3[i]!) total -= elapsed(s.from > a ? s.from : a, s.to < b ? s.to : b)
            return total
          }),
          how: "businessMinutesDiff over [a, b) minus over each suspension (4 calls)"
        },
        el40e: { na: NA.emergency },
        st8he: { na: NA.emergency }
      }
    }
  }

export const make: LibFactory = makeDayjs(true)
