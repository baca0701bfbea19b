/**
 * Europe/Rome wall-clock conversions for building the oracle's table and printing examples.
 * They go through `Intl` and are slow: build time and reporting only, never inside a timed loop.
 */
import { ZONE } from "./config.ts"

const fmt = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short"
})

export interface Wall {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly weekday: string
}

export const wallOf = (t: number): Wall => {
  const p: Record<string, string> = {}
  for (const part of fmt.formatToParts(new Date(t))) p[part.type] = part.value
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: p.weekday ?? ""
  }
}

/** Offset (local − UTC, ms) at instant t. */
export const offsetAt = (t: number): number => {
  const w = wallOf(t)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000
}

/**
 * The instant of a local wall time. For a wall time that occurs twice (autumn) the earlier one;
 * for one that does not exist (spring gap) the instant one hour later on the wall clock.
 */
export const wallToUtc = (year: number, month: number, day: number, hour = 0, minute = 0): number => {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  const early = asUtc - offsetAt(asUtc - 12 * 3_600_000)
  const late = asUtc - offsetAt(asUtc + 12 * 3_600_000)
  for (const t of early <= late ? [early, late] : [late, early]) if (t + offsetAt(t) === asUtc) return t
  return Math.max(early, late)
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")

/** "2025-03-28 Fri 17:00+01:00". */
export const showLocal = (t: number | null | undefined): string => {
  if (t === null || t === undefined || !Number.isFinite(t)) return String(t)
  const w = wallOf(t)
  const off = offsetAt(t) / 60_000
  const sign = off >= 0 ? "+" : "-"
  const sec = w.second !== 0 || t % 60_000 !== 0 ? `:${pad(w.second)}${t % 1000 !== 0 ? "." + pad(((t % 1000) + 1000) % 1000, 3) : ""}` : ""
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${w.weekday} ${pad(w.hour)}:${pad(w.minute)}${sec}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
}

/** "YYYY-MM-DD" of a local date given as year/month/day. */
export const isoDate = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`
