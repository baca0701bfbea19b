/**
 * An independent model of the SLA arithmetic of shared/spec/sla-semantics.md, written from the
 * spec and not from `@sportello/core`: a precomputed table of UTC service intervals with prefix
 * sums, and a table of local-day starts, searched by bisection.
 *
 * It serves twice: as the ORACLE that every library's answers (ours included) are checked
 * against, and as the BOUND — the physical reference of the benchmark (a bare binary search over
 * a Float64Array prefix table, no validation, no allocation).
 */
import { DAY, EMERGENCIES, FIRST_YEAR, LAST_YEAR, holidayDates } from "./config.ts"
import { isoDate, wallToUtc } from "./zone.ts"

export interface Susp {
  readonly from: number
  readonly to: number
}

export interface Table {
  /** Merged service intervals [starts[i], ends[i]), ascending. */
  readonly starts: Float64Array
  readonly ends: Float64Array
  /** Service time before interval i / up to the end of interval i. */
  readonly cumStart: Float64Array
  readonly cumEnd: Float64Array
  /** Local midnights: day k is [dayStart[k], dayStart[k + 1]). */
  readonly dayStart: Float64Array
  readonly dayNames: ReadonlyArray<string>
  /** Last service instant (exclusive end) within day k, NaN when day k holds no service time. */
  readonly endOfService: Float64Array
  /** Smallest k' >= k that is a service day. */
  readonly nextServiceDay: Int32Array
  readonly nextServiceStart: (t: number) => number
  readonly addServiceTime: (t: number, ms: number) => number
  readonly serviceBefore: (t: number) => number
  readonly serviceBetween: (a: number, b: number) => number
  readonly dayIndex: (t: number) => number
  readonly sameDay: (r: number) => number
  readonly days: (r: number, n: number, suspensions: ReadonlyArray<Susp>) => number
  readonly serviceTime: (r: number, ms: number, suspensions: ReadonlyArray<Susp>) => number
  readonly elapsed: (a: number, b: number, suspensions: ReadonlyArray<Susp>) => number
}

/** First index i in [0, n) with arr[i] > x, or n. */
const upperBound = (arr: Float64Array, n: number, x: number): number => {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** First index i in [0, n) with arr[i] >= x, or n. */
const lowerBound = (arr: Float64Array, n: number, x: number): number => {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! >= x) hi = mid
    else lo = mid + 1
  }
  return lo
}

export const makeTable = (withEmergencies: boolean): Table => {
  const holidays = new Set(holidayDates())
  const dayStartList: Array<number> = []
  const dayNames: Array<string> = []
  const raw: Array<[number, number]> = []
  const base = Date.UTC(FIRST_YEAR, 0, 1)
  const last = Date.UTC(LAST_YEAR, 11, 31)
  for (let u = base; u <= last + DAY; u += DAY) {
    const c = new Date(u)
    const y = c.getUTCFullYear()
    const m = c.getUTCMonth() + 1
    const d = c.getUTCDate()
    const name = isoDate(y, m, d)
    dayStartList.push(wallToUtc(y, m, d))
    dayNames.push(name)
    const wd = c.getUTCDay()
    if (u <= last && wd >= 1 && wd <= 5 && !holidays.has(name)) raw.push([wallToUtc(y, m, d, 9), wallToUtc(y, m, d, 18)])
  }
  if (withEmergencies) for (const e of EMERGENCIES) raw.push([Date.parse(e.from), Date.parse(e.to)])
  raw.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [s, e] of raw) {
    const top = merged[merged.length - 1]
    if (top !== undefined && s <= top[1]) top[1] = Math.max(top[1], e)
    else merged.push([s, e])
  }
  const n = merged.length
  const starts = new Float64Array(n)
  const ends = new Float64Array(n)
  const cumStart = new Float64Array(n)
  const cumEnd = new Float64Array(n)
  let acc = 0
  merged.forEach(([s, e], i) => {
    starts[i] = s
    ends[i] = e
    cumStart[i] = acc
    acc += e - s
    cumEnd[i] = acc
  })
  const nDays = dayStartList.length - 1
  const dayStart = Float64Array.from(dayStartList)
  // Local days are 23 to 25 hours long: guess from the first day's start, then step at most once or twice.
  const day0 = dayStart[0]!
  const dayIndex = (t: number): number => {
    let k = Math.floor((t - day0) / DAY)
    if (k < 0) k = 0
    else if (k > nDays - 1) k = nDays - 1
    while (k > 0 && dayStart[k]! > t) k--
    while (k < nDays - 1 && dayStart[k + 1]! <= t) k++
    return k
  }
  const endOfService = new Float64Array(nDays).fill(NaN)
  for (let i = 0; i < n; i++) {
    for (let k = dayIndex(starts[i]!); k < nDays && dayStart[k]! < ends[i]!; k++) {
      const clip = Math.min(ends[i]!, dayStart[k + 1]!)
      if (!(endOfService[k]! >= clip)) endOfService[k] = clip
    }
  }
  const nextServiceDay = new Int32Array(nDays + 1).fill(nDays)
  for (let k = nDays - 1; k >= 0; k--) nextServiceDay[k] = Number.isNaN(endOfService[k]!) ? nextServiceDay[k + 1]! : k

  // First interval that ends after the start of each day: with it, finding the interval of an
  // instant is the O(1) day guess and a step or two, instead of a bisection over all intervals.
  const firstIv = new Int32Array(nDays + 1)
  for (let k = 0; k <= nDays; k++) firstIv[k] = upperBound(ends, n, dayStart[k]!)
  const firstEndAfter = (t: number): number => {
    let i = firstIv[dayIndex(t)]!
    while (i < n && ends[i]! <= t) i++
    return i
  }
  const nextServiceStart = (t: number): number => {
    const i = firstEndAfter(t)
    return t > starts[i]! ? t : starts[i]!
  }
  const addServiceTime = (t: number, ms: number): number => {
    const i = firstEndAfter(t)
    const s = t > starts[i]! ? t : starts[i]!
    if (ms <= 0) return s
    const target = cumStart[i]! + (s - starts[i]!) + ms
    const j = lowerBound(cumEnd, n, target)
    return starts[j]! + (target - cumStart[j]!)
  }
  const serviceBefore = (t: number): number => {
    const i = firstEndAfter(t)
    if (i === n) return acc
    return t > starts[i]! ? cumStart[i]! + (t - starts[i]!) : cumStart[i]!
  }
  const serviceBetween = (a: number, b: number): number => (b > a ? serviceBefore(b) - serviceBefore(a) : 0)
  const sameDay = (r: number): number => endOfService[dayIndex(nextServiceStart(r))]!
  const days = (r: number, nDaysTerm: number, suspensions: ReadonlyArray<Susp>): number => {
    let k = dayIndex(r) + nDaysTerm
    for (let s = 0; s < suspensions.length; s++) k += dayIndex(suspensions[s]!.to) - dayIndex(suspensions[s]!.from)
    return dayStart[nextServiceDay[k]! + 1]!
  }
  // Counted service time runs from r; each suspension that starts before the count is reached
  // removes its service time. `pos` is the service time before the current origin.
  const serviceTime = (r: number, ms: number, suspensions: ReadonlyArray<Susp>): number => {
    let pos = serviceBefore(r)
    let need = ms
    for (let s = 0; s < suspensions.length; s++) {
      const sp = suspensions[s]!
      const a = serviceBefore(sp.from)
      if (a - pos >= need) break
      need -= a - pos
      pos = serviceBefore(sp.to)
    }
    if (need <= 0) return nextServiceStart(r)
    const j = lowerBound(cumEnd, n, pos + need)
    return starts[j]! + (pos + need - cumStart[j]!)
  }
  const elapsed = (a: number, b: number, suspensions: ReadonlyArray<Susp>): number => {
    let total = serviceBetween(a, b)
    for (let s = 0; s < suspensions.length; s++) {
      const sp = suspensions[s]!
      total -= serviceBetween(sp.from > a ? sp.from : a, sp.to < b ? sp.to : b)
    }
    return total
  }
  return {
    starts,
    ends,
    cumStart,
    cumEnd,
    dayStart,
    dayNames,
    endOfService,
    nextServiceDay,
    nextServiceStart,
    addServiceTime,
    serviceBefore,
    serviceBetween,
    dayIndex,
    sameDay,
    days,
    serviceTime,
    elapsed
  }
}
