/**
 * The inputs every library gets, regenerated identically in each child process from a fixed
 * seed: receipt instants (minute-aligned) — first UNIFORM_INPUTS drawn uniformly over
 * 2025-01-01…2026-12-31 (Europe/Rome), then a set chosen around the daylight-saving changes — and,
 * per receipt, the suspensions of the cases that have some. The timing loops walk the inputs in
 * this order, so a slow library that gets through only a few hundred of them in its rounds is
 * timed on uniform ones, not on the chosen few.
 */
import { DAY, DST_SUNDAYS, HOUR, INPUT_FROM_ISO, INPUT_TO_ISO, MINUTE, SAMPLE_SIZE, SEED, UNIFORM_INPUTS } from "./config.ts"
import type { Susp } from "./table.ts"
import { wallToUtc } from "./zone.ts"

/** sfc32: small, fast, good enough, and the same on every machine. */
export const rng = (seed: number): (() => number) => {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  return next
}

export interface Inputs {
  /** Receipt instants; indices from UNIFORM_INPUTS on are the DST-chosen ones. */
  readonly receipts: Float64Array
  /** How many DST-chosen receipts there are. */
  readonly chosen: number
  readonly isChosen: (i: number) => boolean
  /** Two ended suspensions per receipt (days(40) case). */
  readonly susp2: ReadonlyArray<ReadonlyArray<Susp>>
  /** Three ended suspensions per receipt, all within [r, r + 40 days) (service-time and elapsed cases). */
  readonly susp3: ReadonlyArray<ReadonlyArray<Susp>>
  /** Indices used for the disagreement counts: all chosen ones, then the first uniform ones. */
  readonly sample: ReadonlyArray<number>
}

const minutes = (next: () => number, lo: number, hi: number): number => Math.floor(lo / MINUTE + next() * ((hi - lo) / MINUTE)) * MINUTE

const chosenReceipts = (): Array<number> => {
  const out: Array<number> = []
  for (const sunday of DST_SUNDAYS) {
    const [y, m, d] = sunday.split("-").map(Number) as [number, number, number]
    const at = (dd: number, h: number, mi: number): number => wallToUtc(y, m, d + dd, h, mi)
    out.push(at(-2, 9, 0), at(-2, 12, 30), at(-2, 17, 0), at(-2, 17, 59), at(-2, 18, 0)) // Friday before
    out.push(at(-3, 15, 0), at(-1, 12, 0)) // Thursday, Saturday
    out.push(at(0, 1, 30), at(0, 2, 30), at(0, 2, 30) + HOUR, at(0, 3, 30), at(0, 23, 0)) // the night itself (02:30 twice in autumn, 03:30 after the gap in spring)
    out.push(at(1, 8, 59), at(1, 9, 0), at(1, 10, 0)) // Monday after
    out.push(at(-40, 10, 0), at(-40, 12, 0)) // days(40) due on the DST Sunday; 40×24 h later is the DST Sunday at noon ± 1 h
  }
  return [...new Set(out)]
}

export const makeInputs = (): Inputs => {
  const chosen = chosenReceipts()
  const next = rng(SEED)
  const from = Date.parse(INPUT_FROM_ISO)
  const to = Date.parse(INPUT_TO_ISO)
  const uniform = Array.from({ length: UNIFORM_INPUTS }, () => minutes(next, from, to))
  const receipts = Float64Array.from([...uniform, ...chosen])
  const susp2: Array<Array<Susp>> = []
  const susp3: Array<Array<Susp>> = []
  for (let i = 0; i < receipts.length; i++) {
    const r = receipts[i]!
    const g = rng(SEED ^ Math.imul(i + 1, 0x9e3779b1))
    const a1 = r + minutes(g, 0, 5 * DAY)
    const b1 = a1 + minutes(g, MINUTE, 12 * DAY)
    const a2 = b1 + minutes(g, MINUTE, 10 * DAY)
    const b2 = a2 + minutes(g, MINUTE, 15 * DAY)
    susp2.push([
      { from: a1, to: b1 },
      { from: a2, to: b2 }
    ])
    const c1 = r + minutes(g, 0, 8 * DAY)
    const d1 = c1 + minutes(g, HOUR, 6 * DAY)
    const c2 = d1 + minutes(g, MINUTE, 6 * DAY)
    const d2 = c2 + minutes(g, HOUR, 5 * DAY)
    const c3 = d2 + minutes(g, MINUTE, 5 * DAY)
    const d3 = c3 + minutes(g, HOUR, 4 * DAY)
    susp3.push([
      { from: c1, to: d1 },
      { from: c2, to: d2 },
      { from: c3, to: d3 }
    ])
  }
  const sample = [...chosen.map((_, k) => UNIFORM_INPUTS + k), ...Array.from({ length: SAMPLE_SIZE - chosen.length }, (_, i) => i)]
  return { receipts, chosen: chosen.length, isChosen: (i) => i >= UNIFORM_INPUTS, susp2, susp3, sample }
}
