/**
 * The bound: the oracle's own table (table.ts) — a bare binary search over Float64Array prefix
 * sums, with no validation, no allocation and no result object. Nothing can be much faster in
 * JavaScript; it is the physical reference the ratios are given against.
 */
import { ELAPSED_SPAN, ST40D_MS, ST8H_MS, type Lib, type LibFactory } from "../cases.ts"
import { makeTable } from "../table.ts"

export const make: LibFactory = (inputs): Lib => {
  const t = makeTable(false)
  const te = makeTable(true)
  const r = inputs.receipts
  const s2 = inputs.susp2
  const s3 = inputs.susp3
  const how = "Float64Array interval table, prefix sums, bisection"
  return {
    name: "bound",
    label: "bound (bare table)",
    version: "—",
    setup: "independent table from the spec (bench/src/table.ts); also the oracle",
    isServiceDay: (date) => {
      const k = t.dayNames.indexOf(date)
      return k >= 0 && !Number.isNaN(t.endOfService[k]!)
    },
    cases: {
      days40: { op: (i) => t.days(r[i]!, 40, s2[i]!), how },
      sameDay: { op: (i) => t.sameDay(r[i]!), how },
      st8h: { op: (i) => t.addServiceTime(r[i]!, ST8H_MS), how },
      st40d: { op: (i) => t.addServiceTime(r[i]!, ST40D_MS), how },
      st40d3s: { op: (i) => t.serviceTime(r[i]!, ST40D_MS, s3[i]!), how },
      el40: { op: (i) => t.serviceBetween(r[i]!, r[i]! + ELAPSED_SPAN), how },
      el40s3: { op: (i) => t.elapsed(r[i]!, r[i]! + ELAPSED_SPAN, s3[i]!), how },
      el40e: { op: (i) => te.serviceBetween(r[i]!, r[i]! + ELAPSED_SPAN), how },
      st8he: { op: (i) => te.addServiceTime(r[i]!, ST8H_MS), how }
    }
  }
}
