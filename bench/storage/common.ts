/**
 * What the modules of the storage benchmark share: the command line, summaries of latency
 * samples, a clock the seeding moves by hand, local time in the service's zone, a seeded
 * random source.
 */
import { Clock, Effect } from "effect"

// -----------------------------------------------------------------------------
// command line
// -----------------------------------------------------------------------------

const flag = (name: string) => process.argv.includes(`--${name}`)
const option = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const count = (name: string, fallback: number): number => {
  const value = option(name)
  if (value === undefined) return fallback
  const n = Number(value.replace(/_/g, ""))
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}=${value}: expected a whole number`)
  return n
}

/** The options of one run (see run.ts for their meaning). */
export interface Options {
  readonly quick: boolean
  readonly seconds: number
  readonly rounds: number
  readonly tickets: number
  readonly pgliteTickets: number
  readonly templates: number
  readonly server: boolean
  readonly pglite: boolean
  readonly twoProcesses: boolean
  readonly serverUrl: string
}

export const parseOptions = (): Options => {
  const quick = flag("quick")
  const tickets = count("tickets", quick ? 20_000 : 1_000_000)
  return {
    quick,
    seconds: count("seconds", quick ? 1 : 3),
    rounds: count("rounds", quick ? 1 : 5),
    tickets,
    pgliteTickets: count("pglite-tickets", tickets),
    templates: count("templates", quick ? 100 : 500),
    server: !flag("skip-server"),
    pglite: !flag("skip-pglite"),
    twoProcesses: !flag("one-process"),
    serverUrl: process.env["SPORTELLO_PG_URL"] || "postgres://postgres@127.0.0.1:5432/test"
  }
}

// -----------------------------------------------------------------------------
// samples
// -----------------------------------------------------------------------------

export interface Summary {
  readonly n: number
  readonly medianMs: number
  readonly p99Ms: number
  readonly maxMs: number
}

const round3 = (x: number) => Math.round(x * 1000) / 1000

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]!

export const summarize = (samples: ReadonlyArray<number>): Summary => {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    medianMs: round3(percentile(sorted, 50)),
    p99Ms: round3(percentile(sorted, 99)),
    maxMs: round3(sorted[sorted.length - 1] ?? Number.NaN)
  }
}

export const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—"

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

// -----------------------------------------------------------------------------
// time
// -----------------------------------------------------------------------------

/** The real clock, captured outside any effect that replaces it. */
export const liveClock: Clock.Clock = Effect.runSync(Clock.clockWith(Effect.succeed))

/**
 * A clock whose wall time is set by hand (`set`), for writing a year of history through the
 * engine; sleeping and monotonic time stay real, so pools and timeouts behave.
 */
export const manualClock = () => {
  let now = 0
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => liveClock.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: liveClock.monotonicTimeNanos,
    sleep: (duration) => liveClock.sleep(duration)
  }
  return { clock, set: (millis: number) => void (now = millis), get: () => now }
}

export const ZONE = "Europe/Rome"
const parts = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  weekday: "short"
})

/** The local date ("YYYY-MM-DD"), minutes after midnight and weekday (0 = Sunday) of an instant. */
export const local = (millis: number) => {
  const p = Object.fromEntries(parts.formatToParts(millis).map((x) => [x.type, x.value]))
  return {
    date: `${p["year"]}-${p["month"]}-${p["day"]}`,
    minutes: Number(p["hour"]) * 60 + Number(p["minute"]),
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p["weekday"]!)
  }
}

/** The instant of a local date and time of day in the service's zone. */
export const instantAt = (date: string, minutes: number): number => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const naive = Date.UTC(y, m - 1, d, 0, minutes)
  for (const offsetHours of [1, 2, 0, 3]) {
    const t = naive - offsetHours * 3_600_000
    const l = local(t)
    if (l.date === date && l.minutes === minutes) return t
  }
  throw new Error(`no instant is ${date} ${minutes} min in ${ZONE}`)
}

/** The local date `days` after `date`. */
export const addDays = (date: string, days: number): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

export const weekdayOf = (date: string): number => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

// -----------------------------------------------------------------------------
// randomness
// -----------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so that every run seeds the same history. */
export const seeded = (seed: number) => {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(next() * xs.length)]!,
    weighted: <A extends string>(weights: Readonly<Record<A, number>>): A => {
      const entries = Object.entries(weights) as Array<[A, number]>
      let x = next() * entries.reduce((s, [, w]) => s + w, 0)
      for (const [k, w] of entries) {
        if ((x -= w) < 0) return k
      }
      return entries[entries.length - 1]![0]
    }
  }
}
