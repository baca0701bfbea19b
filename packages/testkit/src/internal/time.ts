/**
 * Local-time helpers of the testkit: offsets through `Intl`, local ISO renderings for
 * counterexamples, local wall times as instants, date arithmetic and the daylight-saving
 * transitions of a zone. Written independently of core, so that the testkit does not trust
 * the code it checks for the way it describes a failure.
 *
 * @internal
 */

/** Milliseconds in a minute. */
export const MINUTE = 60_000
/** Milliseconds in an hour. */
export const HOUR = 3_600_000
/** Milliseconds in a 24-hour day. */
export const DAY = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The zone's offset (local − UTC, ms) at an instant. */
export const offsetAt = (timeZone: string, t: number): number => {
  const whole = Math.floor(t / 1000) * 1000
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(whole))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value)
  }
  const wall = Date.UTC(parts["year"]!, parts["month"]! - 1, parts["day"]!, parts["hour"]!, parts["minute"]!, parts["second"]!)
  return wall - whole
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/** An instant as local ISO 8601 with its offset, e.g. "2027-03-05T18:00:00+01:00" (milliseconds only when present). */
export const formatLocal = (timeZone: string, t: number | undefined): string => {
  if (t === undefined) return "—"
  if (!Number.isFinite(t)) return String(t)
  const offset = offsetAt(timeZone, t)
  const wall = new Date(t + offset)
  const ms = wall.getUTCMilliseconds()
  const abs = Math.abs(offset) / MINUTE
  return `${wall.toISOString().slice(0, 19)}${ms === 0 ? "" : `.${pad(ms, 3)}`}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** The local date "YYYY-MM-DD" of an instant. */
export const localDateOf = (timeZone: string, t: number): string => new Date(t + offsetAt(timeZone, t)).toISOString().slice(0, 10)

/** `date` plus `n` days ("YYYY-MM-DD"). */
export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Whole days from date `a` to date `b`. */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY)

/**
 * The instant of a local wall time (`minute` of the day, 0–1440) on a date. A wall time that
 * the zone skips (spring forward) is read with the offset before the change, i.e. it lands
 * past the gap; a repeated one (fall back) gives its first occurrence.
 */
export const instantOfLocal = (timeZone: string, date: string, minute: number): number => {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * MINUTE
  const before = offsetAt(timeZone, wall - DAY)
  const after = offsetAt(timeZone, wall + DAY)
  const valid = [wall - before, wall - after].filter((t) => offsetAt(timeZone, t) === wall - t)
  return valid.length > 0 ? Math.min(...valid) : wall - before
}

const transitionCache = new Map<string, ReadonlyArray<number>>()

/** The instants (whole minutes) at which the zone's offset changes between two years, found by bisection. */
export const transitionsOf = (timeZone: string, fromYear: number, toYear: number): ReadonlyArray<number> => {
  const key = `${timeZone}:${fromYear}:${toYear}`
  const hit = transitionCache.get(key)
  if (hit !== undefined) return hit
  const out: Array<number> = []
  let t = Date.UTC(fromYear, 0, 1)
  const end = Date.UTC(toYear + 1, 0, 1)
  while (t < end) {
    const next = t + 7 * DAY
    const o = offsetAt(timeZone, t)
    if (o !== offsetAt(timeZone, next)) {
      let lo = t
      let hi = next
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
        if (offsetAt(timeZone, mid) === o) lo = mid
        else hi = mid
      }
      out.push(hi)
    }
    t = next
  }
  transitionCache.set(key, out)
  return out
}

/** "HH:MM" of a minute of the day (0–1440). */
export const hhmm = (minute: number): string => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`

/** The minute of the day of "HH:MM". */
export const minuteOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/**
 * Renders a value as JSON with every number that looks like an instant (years 2000–2100)
 * written as local ISO time in the zone: what a person reads in a counterexample.
 */
export const describeValue = (timeZone: string, value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "number" && v >= 946_684_800_000 && v <= 4_102_444_800_000 ? formatLocal(timeZone, v) : v)
