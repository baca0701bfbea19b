/**
 * The transparency page (R19, B8): open and closed requests by channel, requests by month and
 * the share answered on time by month, as charts drawn on the server and as tables with the
 * same numbers. Only counts and durations: no personal data.
 */
import type { Statistics } from "@sportello/core"
import * as Charts from "../Charts.ts"
import { html, type Html } from "../Html.ts"
import { formatDuration, formatMonth, formatNumber, formatPercent, type Lang, messages } from "../I18n.ts"

/** The months shown: the last `count` months up to `current` ("YYYY-MM"). */
export const lastMonths = (current: string, count: number): ReadonlyArray<string> => {
  const [y, m] = current.split("-").map(Number) as [number, number]
  const months: Array<string> = []
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1))
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`)
  }
  return months
}

const zero: Statistics.Counts = { received: 0, open: 0, closed: 0, judged: 0, onTime: 0 }

/** The transparency page's content. */
export const page = (
  lang: Lang,
  input: {
    readonly total: Statistics.Report | undefined
    readonly byMonth: ReadonlyArray<Statistics.Report>
    readonly currentMonth: string
  }
): Html => {
  const m = messages[lang]
  const t = m.transparency
  const total = input.total
  const channelName = (id: string) => m.channels[id] ?? id
  const channels = Object.entries(total?.byChannel ?? {}).sort(([, a], [, b]) => b.received - a.received || 0)
  const months = lastMonths(input.currentMonth, 6)
  const reportOf = new Map(input.byMonth.map((r) => [r.period, r]))
  const n = (x: number) => formatNumber(lang, x)
  const share = (r: Statistics.Report | undefined) => (r?.onTimeRate === undefined ? t.noData : formatPercent(lang, r.onTimeRate))
  const median = (r: Statistics.Report | undefined) =>
    r?.medianTimeToAnswer === undefined ? t.noData : formatDuration(lang, r.medianTimeToAnswer)
  const closedWord = t.legendClosed.toLowerCase()
  const openWord = t.legendOpen.toLowerCase()

  const tiles = html`<section aria-labelledby="totals-title" class="mb-5">
    <h2 id="totals-title" class="h4">${t.totals}</h2>
    <dl class="tiles">
      <div><dt>${t.received}</dt><dd data-stat="received">${n(total?.received ?? 0)}</dd></div>
      <div><dt>${t.open}</dt><dd data-stat="open">${n(total?.open ?? 0)}</dd></div>
      <div><dt>${t.closed}</dt><dd data-stat="closed">${n(total?.closed ?? 0)}</dd></div>
      <div><dt>${t.onTimeRate}</dt><dd data-stat="on-time">${share(total)}</dd></div>
      <div><dt>${t.medianTime}</dt><dd data-stat="median">${median(total)}</dd></div>
    </dl>
  </section>`

  const top = channels[0]
  const byChannelChart = Charts.bars({
    id: "chart-channels",
    title: t.byChannelTitle,
    description: t.byChannelDesc(total?.received ?? 0, top === undefined ? t.noData : channelName(top[0])),
    series: [{ name: t.legendClosed, className: "fill-closed" }, { name: t.legendOpen, className: "fill-open" }],
    rows: channels.map(([id, c]) => ({
      label: channelName(id),
      values: [c.closed, c.open],
      note: `${n(c.closed)} ${closedWord} · ${n(c.open)} ${openWord}`
    }))
  })

  const monthRows = months.map((month) => ({ month, report: reportOf.get(month) }))
  const busiest = [...monthRows].sort((a, b) => (b.report?.received ?? 0) - (a.report?.received ?? 0))[0]
  const byMonthChart = Charts.columns({
    id: "chart-months",
    title: t.byMonthTitle,
    description: t.byMonthDesc(months.length, busiest === undefined ? t.noData : formatMonth(lang, busiest.month, "long")),
    series: [{ name: t.legendClosed, className: "fill-closed" }, { name: t.legendOpen, className: "fill-open" }],
    rows: monthRows.map(({ month, report }) => ({
      label: formatMonth(lang, month),
      values: [(report ?? zero).closed, (report ?? zero).open],
      note: n(report?.received ?? 0)
    }))
  })

  const lastJudged = [...monthRows].reverse().find((r) => r.report?.onTimeRate !== undefined)
  const onTimeChart = Charts.columns({
    id: "chart-on-time",
    title: t.onTimeTitle,
    description: t.onTimeDesc(lastJudged === undefined ? t.noData : `${formatMonth(lang, lastJudged.month, "long")}, ${share(lastJudged.report)}`),
    series: [{ name: t.legendOnTime, className: "fill-on-time" }],
    max: 1,
    ticks: [0, 0.5, 1].map((value) => ({ value, label: formatPercent(lang, value) })),
    rows: monthRows.map(({ month, report }) => ({
      label: formatMonth(lang, month),
      values: [report?.onTimeRate ?? 0],
      note: report?.onTimeRate === undefined ? t.noData : formatPercent(lang, report.onTimeRate)
    }))
  })

  const channelTable = html`<table class="table table-sm stats-table">
    <caption>${t.tableByChannel}</caption>
    <thead><tr><th scope="col">${t.channel}</th><th scope="col" class="num">${t.received}</th><th scope="col" class="num">${t.open}</th><th scope="col" class="num">${t.closed}</th><th scope="col" class="num">${t.share}</th></tr></thead>
    <tbody>${
    channels.map(([id, c]) =>
      html`<tr><th scope="row">${channelName(id)}</th><td class="num">${n(c.received)}</td><td class="num">${n(c.open)}</td><td class="num">${
        n(c.closed)
      }</td><td class="num">${c.judged === 0 ? t.noData : formatPercent(lang, c.onTime / c.judged)}</td></tr>`
    )
  }</tbody>
  </table>`

  const monthTable = html`<table class="table table-sm stats-table">
    <caption>${t.tableByMonth}</caption>
    <thead><tr>
      <th scope="col">${t.month}</th><th scope="col" class="num">${t.received}</th><th scope="col" class="num">${t.open}</th>
      <th scope="col" class="num">${t.closed}</th><th scope="col" class="num">${t.judged}</th><th scope="col" class="num">${t.onTime}</th>
      <th scope="col" class="num">${t.share}</th><th scope="col" class="num">${t.median}</th>
    </tr></thead>
    <tbody>${
    monthRows.map(({ month, report }) =>
      html`<tr data-month="${month}">
        <th scope="row">${formatMonth(lang, month, "long")}</th>
        <td class="num">${n(report?.received ?? 0)}</td><td class="num">${n(report?.open ?? 0)}</td><td class="num">${n(report?.closed ?? 0)}</td>
        <td class="num">${n(report?.judged ?? 0)}</td><td class="num">${n(report?.onTime ?? 0)}</td>
        <td class="num">${share(report)}</td><td class="num">${median(report)}</td>
      </tr>`
    )
  }</tbody>
  </table>`

  return html`<h1>${t.title}</h1>
  <p class="lead">${t.intro}</p>
  ${tiles}
  <section aria-labelledby="channels-title" class="mb-5">
    <h2 id="channels-title" class="h4">${t.byChannelTitle}</h2>
    ${byChannelChart}
    <div class="table-responsive" role="region" aria-label="${t.tableByChannel}" tabindex="0">${channelTable}</div>
  </section>
  <section aria-labelledby="months-title" class="mb-5">
    <h2 id="months-title" class="h4">${t.byMonthTitle}</h2>
    ${byMonthChart}
  </section>
  <section aria-labelledby="on-time-title" class="mb-5">
    <h2 id="on-time-title" class="h4">${t.onTimeTitle}</h2>
    <p>${t.onTimeExplained}</p>
    ${onTimeChart}
    <div class="table-responsive" role="region" aria-label="${t.tableByMonth}" tabindex="0">${monthTable}</div>
    <p><a href="/api/statistics?period=month&amp;format=csv" download="${lang === "it" ? "statistiche.csv" : "statistics.csv"}">${t.download}</a></p>
  </section>`
}
