/**
 * Civil (proleptic Gregorian) date arithmetic on "epoch days": the number of days since
 * 1970-01-01. Pure integer maths, no time zones, no `Date`.
 *
 * @internal
 */

/** Milliseconds in a civil day of 24 hours. */
export const DAY_MS = 86_400_000

/** Epoch day of a civil date (after H. Hinnant's `days_from_civil`). */
export const epochDay = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** Civil date of an epoch day (after H. Hinnant's `civil_from_days`). */
export const civil = (days: number): { readonly year: number; readonly month: number; readonly day: number } => {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (days: number): number => ((((days + 3) % 7) + 7) % 7) + 1

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** "YYYY-MM-DD" of an epoch day. */
export const formatDate = (days: number): string => {
  const { year, month, day } = civil(days)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Epoch day of a "YYYY-MM-DD" string, or undefined when it is not a real date. */
export const parseDate = (text: string): number | undefined => {
  const m = DATE.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return epochDay(year, month, day)
}

/** Number of days in a month. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** Gregorian Easter Sunday of a year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export const easterSunday = (year: number): number => {
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
  return epochDay(year, month, day)
}
