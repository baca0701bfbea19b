import { Calendar, Sla } from "@sportello/core"
import { makeInputs } from "./inputs.ts"
import { measure } from "./measure.ts"
const inputs = makeInputs()
const r = inputs.receipts
const n = r.length
const cal = Calendar.departmentDefault
const table = (cal as unknown as Record<symbol, any>)[Symbol.for("@sportello/core/Calendar/table")]
const H8 = 8 * 3_600_000
const D40 = 21600 * 60_000
const ms = process.argv[3] === "40d" ? D40 : H8
const st = Sla.serviceTime({ minutes: ms / 60_000 })
const clocks = Array.from({ length: n }, (_, i) => ({ receivedAt: r[i]!, suspensions: [] }))
Calendar.addServiceTime(cal, r[0]!, ms)
const xs = Float64Array.from(r, (t) => table.cumulative(t) + ms)
const prefix: Float64Array = table.prefix
const ivStart: Float64Array = table.ivStart
const ks = Int32Array.from(r, (t) => table.firstEndingAfter(t))
const bsearch = (x: number): number => {
  let lo = 0, hi = prefix.length - 1
  while (lo < hi) { const mid = (lo + hi + 1) >>> 1; if (prefix[mid]! < x) lo = mid; else hi = mid - 1 }
  return ivStart[lo]! + (x - prefix[lo]!)
}
// galloping from a known interval k: largest j >= k with prefix[j] < x
const gallop = (k: number, x: number): number => {
  const last = prefix.length - 1
  let lo = k, step = 1, hi = k + 1
  while (hi <= last && prefix[hi]! < x) { lo = hi; step <<= 1; hi = lo + step }
  if (hi > last) hi = last + 1
  // prefix[lo] < x, prefix[hi] >= x (or hi = last+1)
  while (hi - lo > 1) { const mid = (lo + hi) >>> 1; if (prefix[mid]! < x) lo = mid; else hi = mid }
  return ivStart[lo]! + (x - prefix[lo]!)
}
const ops: Record<string, (i: number) => number> = {
  deadline: (i) => { const d = Sla.deadline(cal, st, clocks[i]!); return d._tag === "Due" ? d.at : 0 },
  addServiceTime: (i) => Calendar.addServiceTime(cal, r[i]!, ms),
  cumulative: (i) => table.cumulative(r[i]!),
  instantAt: (i) => table.instantAt(xs[i]!),
  bsearch: (i) => bsearch(xs[i]!),
  gallop: (i) => gallop(ks[i]!, xs[i]!),
  cumGallop: (i) => { const t = r[i]!; const k = table.firstEndingAfter(t); const s = ivStart[k]!; return gallop(k, prefix[k]! + (t > s ? t - s : 0) + ms) },
}
const name = process.argv[2]!
for (let i = 0; i < n; i++) if (name === "gallop" && gallop(ks[i]!, xs[i]!) !== bsearch(xs[i]!)) throw new Error("gallop differs at " + i)
const t = measure(ops[name]!, n, 500, 1000, 5)
console.log(name.padEnd(15), process.argv[3] ?? "8h", (t.opsPerSec / 1e6).toFixed(1) + " M/s", (1e9 / t.opsPerSec).toFixed(1) + " ns")
