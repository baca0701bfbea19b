/**
 * Text output for a terminal: aligned tables, Unicode bar charts, CSV, and the progress bar of
 * long runs. Pure functions from data to lines, so the tests read exactly what a person sees.
 *
 * @since 0.1.0
 */
import type { Statistics } from "@sportello/core"
import type * as Simulation from "./Simulation.ts"

/**
 * A table as lines: a header, a rule, the rows; numbers (and `%`) right-aligned.
 *
 * @since 0.1.0
 * @category tables
 */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  // numbers, percentages and counts right-aligned; dates (periods) read better on the left
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,%/ ()–]*$/.test(r[i] ?? "") && !/^\d{4}-\d{2}/.test(r[i] ?? "")))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()
  return [line(headers), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)]
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

/**
 * A horizontal bar of `value` out of `max` in `width` cells, to an eighth of a cell.
 *
 * @since 0.1.0
 * @category charts
 */
export const bar = (value: number, max: number, width: number): string => {
  if (max <= 0 || value <= 0) return ""
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8))
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!
}

/**
 * A share as a percentage with one decimal, or `–` when there is nothing to divide.
 *
 * @since 0.1.0
 * @category formatting
 */
export const percent = (part: number, whole: number): string => (whole === 0 ? "–" : `${((part / whole) * 100).toFixed(1)}%`)

/**
 * A duration in milliseconds as days and hours (`2d 4h`, `5h`, `35m`).
 *
 * @since 0.1.0
 * @category formatting
 */
export const duration = (ms: number | undefined): string => {
  if (ms === undefined) return "–"
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes}m`
  const hours = Math.round(minutes / 60)
  return hours < 24 ? `${hours}h` : `${Math.floor(hours / 24)}d ${hours % 24}h`
}

/**
 * One CSV field, quoted when it must be (RFC 4180).
 *
 * @since 0.1.0
 * @category csv
 */
export const csvField = (value: string | number | undefined): string => {
  const text = value === undefined ? "" : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const onTimeOf = (days: ReadonlyArray<Simulation.Day>): string => {
  const judged = days.reduce((n, d) => n + d.judged, 0)
  const onTime = days.reduce((n, d) => n + d.onTime, 0)
  return `${percent(onTime, judged)} (${onTime}/${judged})`
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!

// -----------------------------------------------------------------------------
// Statistics
// -----------------------------------------------------------------------------

/**
 * The per-channel rows of a report: received, open, closed, judged, on time, on-time rate.
 *
 * @since 0.1.0
 * @category statistics
 */
export const channelTable = (report: Statistics.Report): Array<string> =>
  table(
    ["channel", "received", "open", "closed", "judged", "on time", "on-time rate"],
    Object.entries(report.byChannel)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, c]) => [channel, String(c.received), String(c.open), String(c.closed), String(c.judged), String(c.onTime), percent(c.onTime, c.judged)])
  )

/**
 * The on-time rate per channel as bars.
 *
 * @since 0.1.0
 * @category statistics
 */
export const onTimeChart = (report: Statistics.Report, width = 30): Array<string> => {
  const entries = Object.entries(report.byChannel).sort(([a], [b]) => a.localeCompare(b))
  const label = Math.max(...entries.map(([c]) => c.length), 7)
  return entries.map(([channel, c]) => {
    const b = bar(c.onTime, c.judged, width)
    return `${channel.padEnd(label)}  ${b.padEnd(width)}  ${percent(c.onTime, c.judged).padStart(6)}  (${c.onTime}/${c.judged})`
  })
}

/**
 * Statistics reports as a table, one row per period (counts and durations only: no personal
 * data ever reaches a report).
 *
 * @since 0.1.0
 * @category statistics
 */
export const reportsTable = (reports: ReadonlyArray<Statistics.Report>): Array<string> =>
  table(
    ["period", "received", "open", "closed", "judged", "on time", "on-time rate", "median answer"],
    reports.map((r) => [r.period, String(r.received), String(r.open), String(r.closed), String(r.judged), String(r.onTime), percent(r.onTime, r.judged), duration(r.medianTimeToAnswer)])
  )

/**
 * Statistics reports as CSV: one row per period and channel, with an `all` channel row for the
 * period's totals.
 *
 * @since 0.1.0
 * @category statistics
 */
export const reportsCsv = (reports: ReadonlyArray<Statistics.Report>): Array<string> => {
  const lines = ["period,channel,received,open,closed,judged,on_time,on_time_rate,median_answer_ms"]
  const rate = (c: Statistics.Counts) => (c.judged === 0 ? "" : (c.onTime / c.judged).toFixed(4))
  for (const r of reports) {
    lines.push([r.period, "all", r.received, r.open, r.closed, r.judged, r.onTime, rate(r), r.medianTimeToAnswer].map(csvField).join(","))
    for (const [channel, c] of Object.entries(r.byChannel).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push([r.period, channel, c.received, c.open, c.closed, c.judged, c.onTime, rate(c), undefined].map(csvField).join(","))
    }
  }
  return lines
}

// -----------------------------------------------------------------------------
// Simulation
// -----------------------------------------------------------------------------

/**
 * The summary of a simulation: what was simulated, the totals, a table and a chart of each
 * day (received and answered, the emergency days marked), and the on-time rate per channel.
 *
 * @since 0.1.0
 * @category simulation
 */
export const simulationSummary = (result: Simulation.Result, width = 28): Array<string> => {
  const o = result.options
  const days = result.days
  const total = (f: (d: Simulation.Day) => number) => days.reduce((n, d) => n + f(d), 0)
  const received = total((d) => d.received)
  const answered = total((d) => d.answered)
  const ordinary = days.filter((d) => d.serviceDay && !d.emergency)
  const emergency = days.filter((d) => d.emergency)
  const mean = (ds: ReadonlyArray<Simulation.Day>) => (ds.length === 0 ? 0 : ds.reduce((n, d) => n + d.received, 0) / ds.length)
  const r = result.overall
  const lines = [
    `Simulation: ${o.days} days from ${o.start}, seed ${o.seed}, ${o.load} requests a service day, ${o.operators} operators`,
    result.emergency === undefined
      ? "No emergency."
      : `Emergency: ${result.emergency.from} → ${result.emergency.to} (round-the-clock service, operators on 12-hour shifts)`,
    "",
    ...table(["", "value"], [
      ["requests received", String(received)],
      ["answered", String(answered)],
      ["still open at the end", String(days.at(-1)?.backlog ?? 0)],
      ["on time (of those judged)", `${percent(r.onTime, r.judged)} (${r.onTime}/${r.judged})`],
      ["median time to answer", duration(r.medianTimeToAnswer)],
      ["staff warnings / breach reports", `${total((d) => d.warnings)} / ${total((d) => d.breaches)}`],
      ["messages delivered", String(result.delivered)],
      ["mean requests, ordinary service day", mean(ordinary).toFixed(1)],
      ["mean requests, emergency day", emergency.length === 0 ? "–" : mean(emergency).toFixed(1)],
      ["on time, received on ordinary days", onTimeOf(days.filter((d) => !d.emergency))],
      ["on time, received on emergency days", emergency.length === 0 ? "–" : onTimeOf(emergency)]
    ]),
    "",
    "Received (█) and answered (▒) per day, and the on-time share of the day's requests   ⚠ emergency   · no service",
    ""
  ]
  const max = Math.max(1, ...days.map((d) => Math.max(d.received, d.answered)))
  for (const d of days) {
    const mark = d.emergency ? "⚠" : d.serviceDay ? " " : "·"
    const rec = bar(d.received, max, width)
    const ans = "▒".repeat(Math.round((d.answered / max) * width))
    lines.push(
      `${d.date} ${weekday(d.date)} ${mark} ${rec.padEnd(width)} ${String(d.received).padStart(4)}  ${ans.padEnd(width)} ${String(d.answered).padStart(4)}` +
        `  ${percent(d.onTime, d.judged).padStart(6)} on time  backlog ${d.backlog}`
    )
  }
  lines.push("", "On-time rate per channel", "", ...onTimeChart(r), "", ...channelTable(r))
  return lines
}

/**
 * The progress of a run as a bar (for a terminal, redrawn in place).
 *
 * @since 0.1.0
 * @category progress
 */
export const progressBar = (done: number, total: number, label: string, width = 30): string =>
  `${bar(done, total, width).padEnd(width, "░")} ${String(done).padStart(String(total).length)}/${total} ${label}`
