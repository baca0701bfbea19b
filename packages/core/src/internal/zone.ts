/**
 * Time-zone offsets from the platform's IANA database, read once through `Intl` and kept as a
 * table of transitions, so that converting between UTC and local wall time afterwards is a
 * binary search and an addition (no `Intl` on the hot path).
 *
 * @internal
 */
import { DAY_MS, epochDay } from "./civil.ts"

const WEEK_MS = 7 * DAY_MS

/** The offsets of one zone over a span of years. */
export interface ZoneTable {
  readonly name: string
  /** UTC instants at which a new offset starts, ascending. */
  readonly at: Float64Array
  /** `offsets[i]` (ms, local − UTC) holds from `at[i - 1]` (or forever before) until `at[i]`. */
  readonly offsets: Float64Array
  readonly fromYear: number
  readonly toYear: number
}

/** True when the platform knows the IANA zone. */
export const isKnownZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name })
    return name.length > 0
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatter = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short"
    })
    formatters.set(zone, f)
  }
  return f
}

/** Offset (ms) of a zone at a UTC instant, read through `Intl` (slow; build time only). */
export const intlOffset = (zone: string, utc: number): number => {
  const t = Math.floor(utc / 1000) * 1000
  const parts = formatter(zone).formatToParts(new Date(t))
  let year = 0
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  let second = 0
  let bc = false
  for (const p of parts) {
    switch (p.type) {
      case "year":
        year = Number(p.value)
        break
      case "month":
        month = Number(p.value)
        break
      case "day":
        day = Number(p.value)
        break
      case "hour":
        hour = Number(p.value)
        break
      case "minute":
        minute = Number(p.value)
        break
      case "second":
        second = Number(p.value)
        break
      case "era":
        bc = p.value === "BC" || p.value === "B"
        break
    }
  }
  if (bc) year = 1 - year
  const wall = epochDay(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000
  return wall - t
}

const build = (zone: string, fromYear: number, toYear: number): ZoneTable => {
  const start = epochDay(fromYear, 1, 1) * DAY_MS - DAY_MS
  const end = epochDay(toYear + 1, 1, 1) * DAY_MS + DAY_MS
  const at: Array<number> = []
  const offsets: Array<number> = []
  let prevT = start
  let prevO = intlOffset(zone, start)
  offsets.push(prevO)
  for (let t = start + WEEK_MS; ; t += WEEK_MS) {
    const cur = Math.min(t, end)
    const o = intlOffset(zone, cur)
    if (o !== prevO) {
      // Narrow the change down to the second; a week holds at most one change in practice,
      // but walk on from the found change so that two changes in one week are both found.
      let lo = prevT
      let segmentOffset = prevO
      while (segmentOffset !== o) {
        let hi = cur
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000
          if (intlOffset(zone, mid) === segmentOffset) lo = mid
          else hi = mid
        }
        segmentOffset = intlOffset(zone, hi)
        at.push(hi)
        offsets.push(segmentOffset)
        lo = hi
      }
      prevO = o
    }
    prevT = cur
    if (cur >= end) break
  }
  return { name: zone, at: Float64Array.from(at), offsets: Float64Array.from(offsets), fromYear, toYear }
}

const tables = new Map<string, ZoneTable>()

/** The (cached) offset table of a zone covering at least the given years. */
export const zoneTable = (zone: string, fromYear: number, toYear: number): ZoneTable => {
  const cached = tables.get(zone)
  if (cached !== undefined && cached.fromYear <= fromYear && cached.toYear >= toYear) return cached
  const table = build(
    zone,
    Math.min(fromYear, cached?.fromYear ?? fromYear),
    Math.max(toYear, cached?.toYear ?? toYear)
  )
  tables.set(zone, table)
  return table
}

/** Offset (ms) in force at a UTC instant. */
export const offsetAt = (table: ZoneTable, utc: number): number => table.offsets[changesUpTo(table, utc)]!

/** How many offset changes happen at or before a UTC instant (the index of the offset in force). */
const changesUpTo = (table: ZoneTable, utc: number): number => {
  const at = table.at
  let lo = 0
  let hi = at.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (at[mid]! <= utc) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The first instant whose local wall-clock time is at or after a wall time (ms since the
 * epoch, read as if UTC). A wall time that occurs twice (autumn) gives its first occurrence;
 * one the clocks skip (spring) gives the instant they land after it: at 03:00 CEST every clock
 * in town shows a time past 02:30.
 */
export const wallToUtc = (table: ZoneTable, wall: number): number => {
  const before = offsetAt(table, wall - DAY_MS)
  const after = offsetAt(table, wall + DAY_MS)
  if (before === after) return wall - before
  const early = wall - before
  const late = wall - after
  const earlyOk = offsetAt(table, early) === before
  const lateOk = offsetAt(table, late) === after
  if (earlyOk && lateOk) return Math.min(early, late)
  if (earlyOk) return early
  if (lateOk) return late
  // in the gap: the first change after `late` is when the clocks land past the wall time
  return table.at[changesUpTo(table, late)] ?? early
}
