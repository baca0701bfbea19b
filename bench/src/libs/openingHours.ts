/**
 * opening_hours (the OpenStreetMap rule evaluator) with its built-in Italian public holidays
 * (`PH`, from the nominatim address) plus Rome's patron saint. It has no time-zone parameter: it
 * evaluates in the process's local zone (TZ=Europe/Rome). It has no "add service time" call, so
 * `addServiceTime` is an adapter over its iterator (`getIterator()` / `advance()`); elapsed time
 * is its own `getOpenDuration`. Emergency periods are expressible as dated rules that override
 * the weekly hours on the days they touch (generated below).
 */
import opening_hours from "opening_hours"
import { createRequire } from "node:module"
import { DAY, EMERGENCIES } from "../config.ts"
import { ELAPSED_SPAN, ST40D_MS, ST8H_MS, type Lib, type LibFactory } from "../cases.ts"
import { makeTable } from "../table.ts"
import { wallOf } from "../zone.ts"
import { NA } from "./naReasons.ts"

const NOMINATIM = { lat: 41.9028, lon: 12.4964, address: { country_code: "it", state: "Lazio" } }
export const BASE_RULE = "Mo-Fr 09:00-18:00; PH off; Jun 29 off"
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const pad = (n: number): string => String(n).padStart(2, "0")

/** Dated rules giving, for every local day an emergency touches, that day's whole service time. */
export const emergencyRules = (): Array<string> => {
  const t = makeTable(true)
  const rules: Array<string> = []
  const days = new Set<number>()
  for (const e of EMERGENCIES) for (let k = t.dayIndex(Date.parse(e.from)); t.dayStart[k]! < Date.parse(e.to); k++) days.add(k)
  for (const k of [...days].sort((a, b) => a - b)) {
    const d0 = t.dayStart[k]!
    const d1 = t.dayStart[k + 1]!
    const spans: Array<string> = []
    for (let i = 0; i < t.starts.length; i++) {
      const s = Math.max(t.starts[i]!, d0)
      const e = Math.min(t.ends[i]!, d1)
      if (s >= e) continue
      const ws = wallOf(s)
      const we = wallOf(e)
      spans.push(`${pad(ws.hour)}:${pad(ws.minute)}-${e === d1 ? "24:00" : `${pad(we.hour)}:${pad(we.minute)}`}`)
    }
    const w = wallOf(d0 + DAY / 2)
    rules.push(`${w.year} ${MONTHS[w.month - 1]} ${pad(w.day)} ${spans.length > 0 ? spans.join(",") : "off"}`)
  }
  return rules
}

/** The instant at which `ms` of open time has been counted from t (the iterator adapter). */
const addOpenTime = (oh: opening_hours, t: number, ms: number): number => {
  const it = oh.getIterator(new Date(t))
  const limit = new Date(t + 800 * DAY)
  let cur = t
  let remaining = ms
  let open = it.getState()
  for (;;) {
    if (!it.advance(limit)) return NaN
    const next = it.getDate().getTime()
    if (open) {
      if (next - cur >= remaining) return cur + remaining
      remaining -= next - cur
    }
    cur = next
    open = it.getState()
  }
}

export const make: LibFactory = (inputs): Lib => {
  const oh = new opening_hours(BASE_RULE, NOMINATIM)
  const emergencyRule = [BASE_RULE, ...emergencyRules()].join("; ")
  const ohE = new opening_hours(emergencyRule, NOMINATIM)
  const r = inputs.receipts
  const s3 = inputs.susp3
  const elapsed = (o: opening_hours, a: number, b: number): number => o.getOpenDuration(new Date(a), new Date(b))[0]
  const require = createRequire(import.meta.url)
  const version = (require("opening_hours/package.json") as { version: string }).version
  const adapter = "iterator adapter: getIterator(t), advance() until the open time counted reaches d"
  return {
    name: "opening_hours",
    label: "opening_hours",
    version,
    setup: `new opening_hours("${BASE_RULE}", {country_code: "it", state: "Lazio"}) in TZ=${process.env.TZ ?? "?"}; emergency calendar: ${emergencyRule.split("; ").length - 3} dated rules appended`,
    isServiceDay: (date) => {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number]
      return oh.getOpenDuration(new Date(y, m - 1, d), new Date(y, m - 1, d + 1))[0] > 0
    },
    cases: {
      days40: { na: NA.days40 },
      sameDay: { na: NA.sameDay },
      st8h: { op: (i) => addOpenTime(oh, r[i]!, ST8H_MS), how: adapter },
      st40d: { op: (i) => addOpenTime(oh, r[i]!, ST40D_MS), how: adapter },
      st40d3s: { na: NA.st40d3s },
      el40: { op: (i) => elapsed(oh, r[i]!, r[i]! + ELAPSED_SPAN), how: "getOpenDuration" },
      el40s3: {
        op: (i) => {
          const a = r[i]!
          const b = a + ELAPSED_SPAN
          let total = elapsed(oh, a, b)
          for (const s of s3[i]!) total -= elapsed(oh, s.from > a ? s.from : a, s.to < b ? s.to : b)
          return total
        },
        how: "getOpenDuration over [a, b) minus over each suspension (4 calls)"
      },
      el40e: { op: (i) => elapsed(ohE, r[i]!, r[i]! + ELAPSED_SPAN), how: "getOpenDuration, emergency days as dated rules" },
      st8he: { op: (i) => addOpenTime(ohE, r[i]!, ST8H_MS), how: `${adapter}; emergency days as dated rules` }
    }
  }
}
