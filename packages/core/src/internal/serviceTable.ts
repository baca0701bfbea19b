/**
 * The precomputed service-time table behind a calendar: for a span of local days, the UTC
 * instant at which each day starts, the day's service intervals in UTC (schedule of the
 * version in force, minus holidays, united with emergency periods), prefix sums of service
 * time, and the next service day of every day. Every query is then O(1) or a binary search:
 * the cost does not grow with the horizon, and no time-zone conversion happens on the hot
 * path. The span grows on demand, so a table is valid for any date.
 *
 * @internal
 */
import { DAY_MS, civil, isoWeekday } from "./civil.ts"
import { offsetAt, type ZoneTable, wallToUtc, zoneTable } from "./zone.ts"

/** Where a calendar keeps its table (read by the Sla module). */
export const TableKey: unique symbol = Symbol.for("@sportello/core/Calendar/table")

/** A version as the table needs it. */
export interface TableVersion {
  /** First local day (epoch day) in force. */
  readonly fromDay: number
  /** Service intervals per ISO weekday (index 0 = Monday), in minutes from local midnight. */
  readonly week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>
  /** Whether a local day is a holiday under this version. */
  readonly isHoliday: (day: number) => boolean
}

/** An emergency period as the table needs it: [from, to) in UTC ms, `to` may be Infinity. */
export interface TableEmergency {
  readonly from: number
  readonly to: number
}

const INV_DAY_MS = 1 / DAY_MS
const MARGIN_BEFORE = 400
const MARGIN_AFTER = 3_700

/** A service table; mutable only in that it widens its span on demand. */
export class ServiceTable {
  /** First local day covered. */
  lo = 0
  /** Number of days covered. */
  n = 0
  /** `dayStart[i]`: UTC instant of 00:00 local on day `lo + i`; one extra entry at the end. */
  dayStart = new Float64Array(0)
  /** Intervals of day `i` are `[dayIv[i], dayIv[i + 1])`. */
  dayIv = new Int32Array(0)
  /** Smallest `j >= i` that is a service day, or `n` when none is covered. */
  nextSvc = new Int32Array(0)
  ivStart = new Float64Array(0)
  ivEnd = new Float64Array(0)
  /** Service time before interval `k`. */
  prefix = new Float64Array(0)
  /** Service time before the end of the table. */
  total = 0
  /** The interval the last `cumulative` call found: where `instantAt` starts looking. */
  hint = 0
  private zone: ZoneTable | undefined

  readonly zoneName: string
  readonly versions: ReadonlyArray<TableVersion>
  readonly emergencies: ReadonlyArray<TableEmergency>

  constructor(zoneName: string, versions: ReadonlyArray<TableVersion>, emergencies: ReadonlyArray<TableEmergency>) {
    this.zoneName = zoneName
    this.versions = versions
    this.emergencies = emergencies
  }

  /** Makes sure the table covers the local days `[from, to)` (with a margin). */
  cover(from: number, to: number): void {
    if (this.n > 0) {
      if (from >= this.lo && to <= this.lo + this.n) return
      this.build(Math.min(this.lo, from - MARGIN_BEFORE), Math.max(this.lo + this.n, to + MARGIN_AFTER))
    } else {
      this.build(from - MARGIN_BEFORE, to + MARGIN_AFTER)
    }
  }

  /** Makes sure the table covers a UTC instant. */
  coverInstant(t: number): void {
    if (this.n > 0 && t >= this.dayStart[0]! && t < this.dayStart[this.n]!) return
    const approx = Math.floor(t / DAY_MS)
    this.cover(approx - 2, approx + 3)
  }

  private versionFor(day: number): TableVersion {
    const vs = this.versions
    let v = vs[0]!
    for (let i = 1; i < vs.length && vs[i]!.fromDay <= day; i++) v = vs[i]!
    return v
  }

  private build(lo: number, hi: number): void {
    const n = hi - lo
    const fromYear = civil(lo).year - 1
    const toYear = civil(hi).year + 1
    const zone = this.zone !== undefined && this.zone.fromYear <= fromYear && this.zone.toYear >= toYear
      ? this.zone
      : zoneTable(this.zoneName, fromYear, toYear)
    this.zone = zone
    const dayStart = new Float64Array(n + 1)
    for (let i = 0; i <= n; i++) dayStart[i] = wallToUtc(zone, (lo + i) * DAY_MS)
    const dayIv = new Int32Array(n + 1)
    const starts: Array<number> = []
    const ends: Array<number> = []
    const day: Array<[number, number]> = []
    for (let i = 0; i < n; i++) {
      const d = lo + i
      const a0 = dayStart[i]!
      const b0 = dayStart[i + 1]!
      day.length = 0
      const v = this.versionFor(d)
      if (!v.isHoliday(d)) {
        for (const [s, e] of v.week[isoWeekday(d) - 1]!) {
          const a = Math.max(wallToUtc(zone, d * DAY_MS + s * 60_000), a0)
          const b = e >= 1440 ? b0 : Math.min(wallToUtc(zone, d * DAY_MS + e * 60_000), b0)
          if (b > a) day.push([a, b])
        }
      }
      for (const e of this.emergencies) {
        const a = Math.max(e.from, a0)
        const b = Math.min(e.to, b0)
        if (b > a) day.push([a, b])
      }
      day.sort((x, y) => x[0] - y[0])
      dayIv[i] = starts.length
      for (const [a, b] of day) {
        const last = ends.length - 1
        if (last >= dayIv[i]! && a <= ends[last]!) {
          if (b > ends[last]!) ends[last] = b
        } else {
          starts.push(a)
          ends.push(b)
        }
      }
    }
    dayIv[n] = starts.length
    const m = starts.length
    const prefix = new Float64Array(m)
    let acc = 0
    for (let k = 0; k < m; k++) {
      prefix[k] = acc
      acc += ends[k]! - starts[k]!
    }
    const nextSvc = new Int32Array(n + 1)
    let next = n
    nextSvc[n] = n
    for (let i = n - 1; i >= 0; i--) {
      if (dayIv[i + 1]! > dayIv[i]!) next = i
      nextSvc[i] = next
    }
    this.lo = lo
    this.n = n
    this.dayStart = dayStart
    this.dayIv = dayIv
    this.nextSvc = nextSvc
    this.ivStart = Float64Array.from(starts)
    this.ivEnd = Float64Array.from(ends)
    this.prefix = prefix
    this.total = acc
    this.hint = 0
  }

  /** Local epoch day of a UTC instant. */
  dayOf(t: number): number {
    const i = this.dayIndex(t) // first: it may widen the table and move `lo`
    return this.lo + i
  }

  /** Index (from `lo`) of the local day of a UTC instant; the hot path of every query. */
  private dayIndex(t: number): number {
    let ds = this.dayStart
    const n = this.n
    if (n === 0 || t < ds[0]! || t >= ds[n]!) {
      this.coverInstant(t)
      ds = this.dayStart
    }
    const last = this.n - 1
    // days are 24 h but for daylight-saving days: the estimate is off by at most one
    let i = ((t - ds[0]!) * INV_DAY_MS) | 0
    if (i > last) i = last
    while (i > 0 && ds[i]! > t) i--
    while (i < last && ds[i + 1]! <= t) i++
    return i
  }

  /** Offset (ms, local − UTC) in force at a UTC instant. */
  offsetAt(t: number): number {
    this.coverInstant(t)
    return offsetAt(this.zone!, t)
  }

  /** The UTC instant of a local wall time (ms, read as if UTC); see `wallToUtc` for gaps and folds. */
  fromWall(wall: number): number {
    this.coverInstant(wall)
    return wallToUtc(this.zone!, wall)
  }

  /** UTC instant of 00:00 local on a day. */
  startOf(day: number): number {
    this.cover(day, day + 2)
    return this.dayStart[day - this.lo]!
  }

  /** Whether a local day holds any service time. */
  isServiceDay(day: number): boolean {
    this.cover(day, day + 1)
    const i = day - this.lo
    return this.dayIv[i + 1]! > this.dayIv[i]!
  }

  /** The first service day on or after a local day. */
  serviceDayFrom(day: number): number {
    for (;;) {
      this.cover(day, day + 1)
      const j = this.nextSvc[day - this.lo]!
      if (j < this.n) return this.lo + j
      if (this.n > 200 * 366) throw new Error("a calendar without service time for two centuries")
      this.cover(day, this.lo + this.n + 366)
    }
  }

  /** End of service time on a service day (exclusive). */
  endOfServiceOn(day: number): number {
    this.cover(day, day + 1)
    return this.ivEnd[this.dayIv[day - this.lo + 1]! - 1]!
  }

  /** Index of the first interval whose end is after t (may be `ivEnd.length`: extend then). */
  firstEndingAfter(t: number): number {
    for (;;) {
      const i = this.dayIndex(t)
      const dayIv = this.dayIv
      const ivEnd = this.ivEnd
      const stop = dayIv[i + 1]!
      for (let k = dayIv[i]!; k < stop; k++) if (ivEnd[k]! > t) return k
      const j = this.nextSvc[i + 1]!
      if (j < this.n) return dayIv[j]!
      this.cover(this.lo + i, this.lo + this.n + 366)
    }
  }

  /** Whether an instant lies in service time. */
  isServiceTime(t: number): boolean {
    const k = this.firstEndingAfter(t)
    return this.ivStart[k]! <= t
  }

  /** t if in service time, else the next start of service time. */
  nextServiceStart(t: number): number {
    const k = this.firstEndingAfter(t)
    const s = this.ivStart[k]!
    return s > t ? s : t
  }

  /** Service time from the table's origin up to t. */
  cumulative(t: number): number {
    const k = this.firstEndingAfter(t)
    this.hint = k
    const s = this.ivStart[k]!
    return this.prefix[k]! + (t > s ? t - s : 0)
  }

  /**
   * The instant at which cumulative service time reaches x (x > cumulative at the origin).
   * When x falls exactly at the end of an interval, that end.
   */
  instantAt(x: number): number {
    while (x > this.total) this.cover(this.lo, this.lo + this.n + 366)
    const prefix = this.prefix
    const last = prefix.length - 1
    // largest k with prefix[k] < x: gallop from the interval the last `cumulative` found (the
    // answer is usually a few intervals after it), then bisect; the table's size does not matter
    let lo = this.hint <= last && prefix[this.hint]! < x ? this.hint : 0
    let step = 1
    let hi = lo + 1
    while (hi <= last && prefix[hi]! < x) {
      lo = hi
      step *= 2
      hi = lo + step
    }
    if (hi > last) hi = last + 1
    // prefix[lo] < x, and prefix[hi] >= x or hi is past the end
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1
      if (prefix[mid]! < x) lo = mid
      else hi = mid
    }
    return this.ivStart[lo]! + (x - prefix[lo]!)
  }
}
