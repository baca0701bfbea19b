/**
 * Charts as SVG drawn on the server: horizontal stacked bars and columns, with the numbers
 * written on them so they read at a glance without a legend hunt. Each chart is an image
 * with a title and a description for screen readers; the page shows the same numbers in a
 * table.
 */
import { html, type Html } from "./Html.ts"

/** One series of a chart: its name (for the legend) and its CSS class (for its colour). */
export interface Series {
  readonly name: string
  readonly className: string
}

/** One bar or column: its label and one value per series. */
export interface Row {
  readonly label: string
  readonly values: ReadonlyArray<number>
  /** The text written at the end of the bar or above the column. */
  readonly note: string
}

/** What every chart needs. */
export interface Chart {
  /** Unique in the page: ids of the title and description derive from it. */
  readonly id: string
  readonly title: string
  readonly description: string
  readonly series: ReadonlyArray<Series>
  readonly rows: ReadonlyArray<Row>
}

const legend = (series: ReadonlyArray<Series>): Html =>
  html`<ul class="chart-legend" aria-hidden="true">${
    series.map((s) => html`<li><svg width="14" height="14" focusable="false"><rect class="${s.className}" width="14" height="14" rx="2"/></svg>${s.name}</li>`)
  }</ul>`

const frame = (chart: Chart, width: number, height: number, body: Html): Html =>
  html`<figure class="chart">
  <svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" focusable="false" preserveAspectRatio="xMinYMin meet">
    <title id="${chart.id}-title">${chart.title}</title>
    <desc id="${chart.id}-desc">${chart.description}</desc>
    ${body}
  </svg>
  ${chart.series.length > 1 ? legend(chart.series) : ""}
</figure>`

const round = (n: number): number => Math.round(n * 10) / 10

/**
 * Horizontal stacked bars, one per row, longest scale = the largest total.
 */
export const bars = (chart: Chart): Html => {
  const width = 720
  const labelWidth = 190
  const noteWidth = 170
  const barHeight = 26
  const gap = 14
  const top = 8
  const plot = width - labelWidth - noteWidth
  const max = Math.max(1, ...chart.rows.map((r) => r.values.reduce((a, b) => a + b, 0)))
  const height = top * 2 + chart.rows.length * (barHeight + gap)
  const body = chart.rows.map((row, i) => {
    const y = top + i * (barHeight + gap)
    let x = labelWidth
    const segments = row.values.map((v, s) => {
      const w = (v / max) * plot
      const rect = w > 0
        ? html`<rect class="${chart.series[s]?.className ?? ""}" x="${round(x)}" y="${y}" width="${round(w)}" height="${barHeight}"/>`
        : ""
      x += w
      return rect
    })
    return html`<g>
      <text class="chart-label" x="${labelWidth - 10}" y="${y + barHeight / 2}" text-anchor="end" dominant-baseline="central">${row.label}</text>
      ${segments}
      <text class="chart-note" x="${round(x + 8)}" y="${y + barHeight / 2}" dominant-baseline="central">${row.note}</text>
    </g>`
  })
  return frame(chart, width, height, html`${body}`)
}

/**
 * Columns, one per row, stacked by series. `max` fixes the scale (e.g. 1 for shares), and
 * `ticks` draws grid lines with their labels.
 */
export const columns = (
  chart: Chart & {
    readonly max?: number
    readonly ticks?: ReadonlyArray<{ readonly value: number; readonly label: string }>
  }
): Html => {
  const width = 720
  const height = 300
  const left = chart.ticks === undefined ? 10 : 52
  const right = 10
  const top = 28
  const bottom = 40
  const plotHeight = height - top - bottom
  const plotWidth = width - left - right
  const max = chart.max ?? Math.max(1, ...chart.rows.map((r) => r.values.reduce((a, b) => a + b, 0)))
  const slot = plotWidth / Math.max(1, chart.rows.length)
  const columnWidth = Math.min(64, slot * 0.6)
  const yOf = (v: number) => top + plotHeight - (v / max) * plotHeight
  const grid = (chart.ticks ?? []).map((t) =>
    html`<g>
      <line class="chart-grid" x1="${left}" x2="${width - right}" y1="${round(yOf(t.value))}" y2="${round(yOf(t.value))}"/>
      <text class="chart-tick" x="${left - 8}" y="${round(yOf(t.value))}" text-anchor="end" dominant-baseline="central">${t.label}</text>
    </g>`
  )
  const body = chart.rows.map((row, i) => {
    const cx = left + slot * i + slot / 2
    const x = cx - columnWidth / 2
    let base = 0
    const segments = row.values.map((v, s) => {
      if (v <= 0) return ""
      const y1 = yOf(base + v)
      const y0 = yOf(base)
      base += v
      return html`<rect class="${chart.series[s]?.className ?? ""}" x="${round(x)}" y="${round(y1)}" width="${round(columnWidth)}" height="${round(y0 - y1)}"/>`
    })
    return html`<g>
      ${segments}
      <text class="chart-note" x="${round(cx)}" y="${round(yOf(base) - 8)}" text-anchor="middle">${row.note}</text>
      <text class="chart-label" x="${round(cx)}" y="${height - bottom + 22}" text-anchor="middle">${row.label}</text>
    </g>`
  })
  const axis = html`<line class="chart-axis" x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`
  return frame(chart, width, height, html`${grid}${body}${axis}`)
}
