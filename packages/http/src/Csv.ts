/**
 * The public statistics as CSV (RFC 4180, comma-separated, CRLF line ends, UTF-8): one row per
 * period and channel with the counts (and the on-time figures, when the report has them per
 * channel), and one `all` row per period with the counts over every
 * channel, the tickets judged against a deadline, those handled on time, the on-time rate and
 * the median time to answer in hours. Cells that a spreadsheet would read as a formula are
 * prefixed with an apostrophe.
 *
 * @since 0.1.0
 */
import type { Statistics } from "@sportello/core"

/**
 * The header row.
 *
 * @since 0.1.0
 * @category constants
 */
export const header = [
  "period",
  "channel",
  "received",
  "open",
  "closed",
  "judged",
  "on_time",
  "on_time_rate",
  "median_hours_to_answer"
] as const

/**
 * One cell, quoted when needed and defused when it starts like a formula.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cell = (value: string | number | undefined): string => {
  if (value === undefined) return ""
  let s = typeof value === "number" ? String(value) : value
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * The CSV of statistics reports.
 *
 * @since 0.1.0
 * @category constructors
 */
export const statistics = (reports: ReadonlyArray<Statistics.Report>): string => {
  const rows: Array<ReadonlyArray<string | number | undefined>> = [header]
  for (const r of reports) {
    rows.push([
      r.period,
      "all",
      r.received,
      r.open,
      r.closed,
      r.judged,
      r.onTime,
      r.onTimeRate === undefined ? undefined : round(r.onTimeRate, 4),
      r.medianTimeToAnswer === undefined ? undefined : round(r.medianTimeToAnswer / 3_600_000, 2)
    ])
    for (const channel of Object.keys(r.byChannel).sort()) {
      const c = r.byChannel[channel]!
      rows.push([
        r.period,
        channel,
        c.received,
        c.open,
        c.closed,
        c.judged,
        c.onTime,
        c.judged === 0 ? undefined : round(c.onTime / c.judged, 4),
        undefined
      ])
    }
  }
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n"
}
