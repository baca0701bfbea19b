/**
 * What every library in the benchmark is configured with, written out once so that all of them
 * get the same calendar: Europe/Rome, 09:00–18:00 Monday to Friday, the Italian national holidays
 * (Easter Monday, 4 October from 2026) and Rome's patron saint (29 June), and — for the emergency
 * cases — the same round-the-clock periods.
 *
 * The holiday list is computed here, independently of `@sportello/core`, because it also feeds
 * the independent oracle (`table.ts`) that our own answers are checked against.
 */

export const ZONE = "Europe/Rome"

/** Years whose holidays are configured in the peers and covered by the oracle's table. */
export const FIRST_YEAR = 2024
export const LAST_YEAR = 2028

/** Receipt instants are drawn uniformly over [INPUT_FROM, INPUT_TO) (local midnights, Europe/Rome). */
export const INPUT_FROM_ISO = "2025-01-01T00:00:00+01:00"
export const INPUT_TO_ISO = "2027-01-01T00:00:00+01:00"

export const SEED = 0x5107e110
export const UNIFORM_INPUTS = 4096
export const SAMPLE_SIZE = 500

export const HOUR = 3_600_000
export const MINUTE = 60_000
export const DAY = 86_400_000

/** Service time of one normal service day (09:00–18:00). */
export const SERVICE_DAY_MINUTES = 9 * 60

/** Gregorian Easter Sunday (anonymous Gregorian algorithm): [month, day]. */
export const easterSunday = (year: number): [number, number] => {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return [month, day]
}

const pad = (n: number): string => String(n).padStart(2, "0")

/** Fixed-date holidays as [month, day, fromYear]. */
export const FIXED_HOLIDAYS: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 0], // Capodanno
  [1, 6, 0], // Epifania
  [4, 25, 0], // Liberazione
  [5, 1, 0], // Festa del lavoro
  [6, 2, 0], // Festa della Repubblica
  [6, 29, 0], // Santi Pietro e Paolo, patron saint of Rome
  [8, 15, 0], // Ferragosto
  [10, 4, 2026], // San Francesco d'Assisi (Law 151/2025, from 2026)
  [11, 1, 0], // Ognissanti
  [12, 8, 0], // Immacolata
  [12, 25, 0], // Natale
  [12, 26, 0] // Santo Stefano
]

/** Every holiday date ("YYYY-MM-DD") from FIRST_YEAR to LAST_YEAR, sorted. */
export const holidayDates = (): Array<string> => {
  const out: Array<string> = []
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const [m, d, from] of FIXED_HOLIDAYS) if (y >= from) out.push(`${y}-${pad(m)}-${pad(d)}`)
    const [em, ed] = easterSunday(y)
    const monday = new Date(Date.UTC(y, em - 1, ed + 1))
    out.push(`${y}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`)
  }
  return out.sort()
}

/**
 * Emergency periods [from, to) for the emergency cases: round-the-clock service. Three of them
 * cover a daylight-saving night (so a local day counts 23 or 25 hours), one covers the 29 June
 * holiday, one Christmas.
 */
export const EMERGENCIES: ReadonlyArray<{ readonly id: string; readonly from: string; readonly to: string }> = [
  { id: "e-2025-spring-dst", from: "2025-03-28T18:00:00+01:00", to: "2025-04-01T00:00:00+02:00" },
  { id: "e-2025-autumn-dst", from: "2025-10-24T12:00:00+02:00", to: "2025-10-27T09:00:00+01:00" },
  { id: "e-2025-christmas", from: "2025-12-24T20:00:00+01:00", to: "2025-12-27T06:00:00+01:00" },
  { id: "e-2026-june", from: "2026-06-26T14:30:00+02:00", to: "2026-07-02T00:00:00+02:00" },
  { id: "e-2026-autumn-dst", from: "2026-10-23T18:00:00+02:00", to: "2026-10-26T00:00:00+01:00" }
]

/** Sundays of the daylight-saving changes in the input range (local dates). */
export const DST_SUNDAYS = ["2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25"]

/** The local dates whose service-day status is compared across libraries (configuration check). */
export const checkDates = (): Array<string> => {
  const out: Array<string> = []
  for (let u = Date.UTC(2025, 0, 1); u <= Date.UTC(2027, 11, 31); u += DAY) out.push(new Date(u).toISOString().slice(0, 10))
  return out
}
