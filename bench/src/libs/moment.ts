/**
 * moment-business-time on moment-timezone moments (Europe/Rome). Configuration is global, in the
 * moment locale: 09:00–18:00 Monday–Friday; holidays as minimatch patterns ("*-MM-DD" for the
 * fixed ones, explicit dates for Easter Monday and for 4 October from 2026).
 */
import moment from "moment-timezone"
import "moment-business-time"
import { createRequire } from "node:module"
import { FIRST_YEAR, FIXED_HOLIDAYS, LAST_YEAR, ZONE, easterSunday } from "../config.ts"
import { ELAPSED_SPAN, ST40D_MIN, type Lib, type LibFactory } from "../cases.ts"
import { NA } from "./naReasons.ts"

const pad = (n: number): string => String(n).padStart(2, "0")

export const holidayPatterns = (): Array<string> => {
  const out: Array<string> = []
  for (const [m, d, from] of FIXED_HOLIDAYS) {
    if (from === 0) out.push(`*-${pad(m)}-${pad(d)}`)
    else for (let y = from; y <= LAST_YEAR; y++) out.push(`${y}-${pad(m)}-${pad(d)}`)
  }
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const [em, ed] = easterSunday(y)
    const monday = new Date(Date.UTC(y, em - 1, ed + 1))
    out.push(`${y}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`)
  }
  return out
}

export const make: LibFactory = (inputs): Lib => {
  const day = ["09:00:00", "18:00:00"]
  moment.updateLocale("en", {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays: holidayPatterns()
  } as moment.LocaleSpecification)
  const r = inputs.receipts
  const s3 = inputs.susp3
  const m = (t: number): moment.Moment => moment.tz(t, ZONE)
  const elapsed = (a: number, b: number): number => m(b).workingDiff(m(a), "minutes") * 60_000
  const require = createRequire(import.meta.url)
  const version = (require("moment-business-time/package.json") as { version: string }).version
  const tzVersion = (require("moment-timezone/package.json") as { version: string }).version
  return {
    name: "moment",
    label: "moment-business-time",
    version: `${version} (moment-timezone ${tzVersion}, moment ${moment.version})`,
    setup: `moment.tz(t, "${ZONE}"); locale workinghours 09:00–18:00 Mon–Fri; ${holidayPatterns().length} holiday patterns`,
    isServiceDay: (date) => moment.tz(`${date}T12:00:00`, ZONE).isWorkingDay(),
    cases: {
      days40: { na: NA.days40 },
      sameDay: { na: NA.sameDay },
      st8h: { op: (i) => m(r[i]!).addWorkingTime(8, "hours").valueOf(), how: "addWorkingTime(8, 'hours')" },
      st40d: { op: (i) => m(r[i]!).addWorkingTime(ST40D_MIN, "minutes").valueOf(), how: `addWorkingTime(${ST40D_MIN}, 'minutes')` },
      st40d3s: { na: NA.st40d3s },
      el40: { op: (i) => elapsed(r[i]!, r[i]! + ELAPSED_SPAN), how: "workingDiff(…, 'minutes')" },
      el40s3: {
        op: (i) => {
          const a = r[i]!
          const b = a + ELAPSED_SPAN
          let total = elapsed(a, b)
          for (const s of s3[i]!) total -= elapsed(s.from > a ? s.from : a, s.to < b ? s.to : b)
          return total
        },
        how: "workingDiff over [a, b) minus workingDiff over each suspension (4 calls)"
      },
      el40e: { na: NA.emergency },
      st8he: { na: NA.emergency }
    }
  }
}
