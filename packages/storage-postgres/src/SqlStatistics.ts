/**
 * Statistics from maintained counters (migration 0003), for `SqlTicketStore.statistics`.
 *
 * A commit that changes what a ticket counts for appends its old and new rows to
 * `statistics_changes` (`record`, in the commit's transaction). `compact` folds the changes
 * into `statistics_counts` per day, month, year and all time; the reader runs it first, under
 * an advisory lock, a batch at a time. A report then reads, in one snapshot:
 * - the counts of its periods, plus the changes not folded yet;
 * - minus the facts received after the report's instant;
 * - plus, as late, the first terms still running whose deadline passed by that instant;
 * - and the median time to answer: the counts of answer-time buckets say which bucket holds
 *   the middle answer and at which rank; the index of that bucket gives the exact value.
 * The result equals `Statistics.fromFacts` over the same facts (the testkit checks it), at a
 * cost that grows with the periods asked and the open backlog, not with the tickets stored.
 *
 * @since 0.1.0
 */
import { Statistics, type TicketStore } from "@sportello/core"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql"

/** The columns a change carries, in this order everywhere. */
const COLUMNS = "received_on, channel, requester_kind, topic, outcome, closed, standing, answer_bucket"

/** Arbitrary first key of the compaction's advisory lock; the second is the schema. */
const LOCK_KEY = 0x5374 // "St"

/** How many changes one read folds before reading (the rest are read as they are). */
const READ_BATCH = 10_000

/**
 * The row a fact is counted as, with the columns it needs (`Statistics.standingOf`).
 *
 * @since 0.1.0
 * @category models
 */
export interface FactColumns {
  readonly standing: Statistics.Standing
  readonly firstDue: Date | null
  readonly answerMs: number | null
}

/**
 * The counting columns of a fact.
 *
 * @since 0.1.0
 * @category constructors
 */
export const columnsOf = (fact: Statistics.Fact): FactColumns => ({
  standing: Statistics.standingOf(fact),
  firstDue: fact.firstDue === undefined ? null : new Date(fact.firstDue),
  answerMs: fact.firstAnsweredAt === undefined ? null : fact.firstAnsweredAt - fact.receivedAt
})

/**
 * Writes a ticket's statistics fact and, when what it counts for changed, the changes that
 * keep the counters right — one statement, in the caller's transaction.
 *
 * @since 0.1.0
 * @category operations
 */
export const record = (sql: SqlClient.SqlClient, fact: Statistics.Fact) => {
  const c = columnsOf(fact)
  const same = (a: string, b: string) =>
    sql.unsafe(COLUMNS.split(", ").map((col) => `${a}.${col} IS NOT DISTINCT FROM ${b}.${col}`).join(" AND "))
  return sql`
    WITH old AS (
      SELECT ${sql.unsafe(COLUMNS)} FROM statistics_facts WHERE code = ${fact.code}
    ), new AS (
      INSERT INTO statistics_facts (code, received_at, received_on, channel, requester_kind, topic, closed, closed_at, outcome,
        standing, first_due, answer_ms, fact)
      VALUES (${fact.code}, ${new Date(fact.receivedAt)}, ${fact.receivedOn}::date, ${fact.channel}, ${fact.requesterKind},
        ${fact.topic}, ${fact.closed}, ${fact.closedAt === undefined ? null : new Date(fact.closedAt)}::timestamptz,
        ${fact.outcome ?? null}, ${c.standing}, ${c.firstDue}::timestamptz, ${c.answerMs}::bigint, ${JSON.stringify(fact)}::jsonb)
      ON CONFLICT (code) DO UPDATE SET received_at = excluded.received_at, received_on = excluded.received_on,
        channel = excluded.channel, requester_kind = excluded.requester_kind, topic = excluded.topic, closed = excluded.closed,
        closed_at = excluded.closed_at, outcome = excluded.outcome, standing = excluded.standing,
        first_due = excluded.first_due, answer_ms = excluded.answer_ms, fact = excluded.fact
      RETURNING ${sql.unsafe(COLUMNS)}
    )
    INSERT INTO statistics_changes (sign, ${sql.unsafe(COLUMNS)})
    SELECT -1, ${sql.unsafe(COLUMNS.split(", ").map((col) => `o.${col}`).join(", "))} FROM old o
      WHERE NOT EXISTS (SELECT 1 FROM new n WHERE ${same("n", "o")})
    UNION ALL
    SELECT 1, ${sql.unsafe(COLUMNS.split(", ").map((col) => `n.${col}`).join(", "))} FROM new n
      WHERE NOT EXISTS (SELECT 1 FROM old o WHERE ${same("o", "n")})`
}

/**
 * The marginal rows of `source` (rows with a `sign`, a `late` count and the change columns):
 * one per period expression, dimension and group, summed. `late` adds judged tickets.
 */
const marginals = (source: string, periods: string) => `
  SELECT g.granularity, g.period, d.dimension, d.value,
    sum(s.sign) AS received,
    sum(CASE WHEN s.closed THEN 0 ELSE s.sign END) AS open,
    sum(CASE WHEN s.closed THEN s.sign ELSE 0 END) AS closed,
    sum(CASE WHEN s.standing IN ('on-time', 'late') THEN s.sign ELSE 0 END + s.late) AS judged,
    sum(CASE WHEN s.standing = 'on-time' THEN s.sign ELSE 0 END) AS on_time
  FROM (${source}) AS s
  CROSS JOIN LATERAL (VALUES ${periods}) AS g(granularity, period)
  CROSS JOIN LATERAL (VALUES ('total', ''), ('channel', s.channel), ('requester-kind', s.requester_kind),
    ('topic', s.topic), ('outcome', s.outcome), ('answer', s.answer_bucket::text)) AS d(dimension, value)
  WHERE d.value IS NOT NULL
  GROUP BY 1, 2, 3, 4`

const EVERY_GRANULARITY = `('day', to_char(s.received_on, 'YYYY-MM-DD')), ('month', to_char(s.received_on, 'YYYY-MM')),
  ('year', to_char(s.received_on, 'YYYY')), ('all', 'all')`

/**
 * Folds up to `limit` changes (default: all) into the counters; returns how many. Runs in its
 * own transaction under an advisory lock: a second compaction at the same time does nothing.
 *
 * @since 0.1.0
 * @category operations
 */
export const compact = Effect.fn("SqlStatistics.compact")(function*(
  limit?: number
): Effect.fn.Return<number, SqlError.SqlError, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  return yield* sql.withTransaction(Effect.gen(function*() {
    const [lock] = yield* sql<{ locked: boolean }>`
      SELECT pg_try_advisory_xact_lock(${LOCK_KEY}, hashtext(coalesce(current_schema(), ''))) AS locked`
    if (lock?.locked !== true) return 0
    const moved = sql.unsafe(`DELETE FROM statistics_changes WHERE id IN (SELECT id FROM statistics_changes ORDER BY id${
      limit === undefined ? "" : ` LIMIT ${Math.max(1, Math.floor(limit))}`
    }) RETURNING sign, 0 AS late, ${COLUMNS}`)
    const rows = yield* sql<{ moved: number }>`
      WITH moved AS (${moved}),
      folded AS (
        INSERT INTO statistics_counts AS c (granularity, period, dimension, value, received, open, closed, judged, on_time)
        ${sql.unsafe(marginals("SELECT * FROM moved", EVERY_GRANULARITY))}
        ON CONFLICT (granularity, period, dimension, value) DO UPDATE SET
          received = c.received + excluded.received, open = c.open + excluded.open, closed = c.closed + excluded.closed,
          judged = c.judged + excluded.judged, on_time = c.on_time + excluded.on_time
      )
      SELECT count(*)::int AS moved FROM moved`
    return rows[0]?.moved ?? 0
  }))
})

/**
 * Counts every stored fact again from scratch: for a store filled or repaired outside the
 * ticket store (a bulk import, a benchmark's seed). Run it while nothing else writes.
 *
 * @since 0.1.0
 * @category operations
 */
export const rebuild: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(Effect.gen(function*() {
    yield* sql`DELETE FROM statistics_counts`
    yield* sql`DELETE FROM statistics_changes`
    yield* sql`
      INSERT INTO statistics_changes (sign, ${sql.unsafe(COLUMNS)})
      SELECT 1, ${sql.unsafe(COLUMNS)} FROM statistics_facts`
  }))
  yield* compact()
}).pipe(Effect.withSpan("SqlStatistics.rebuild"))

interface CountRow {
  readonly period: string
  readonly dimension: Statistics.Dimension | "answer"
  readonly value: string
  readonly received: number
  readonly open: number
  readonly closed: number
  readonly judged: number
  readonly on_time: number
}

const PREFIX: Record<Statistics.Period, number> = { day: 10, month: 7, year: 4, all: 0 }

/** The first and last date of a period ("2027", "2027-03", "2027-03-04", "all"). */
const datesOf = (period: string): readonly [string, string] => {
  if (period === "all") return ["-infinity", "infinity"]
  if (period.length === 4) return [`${period}-01-01`, `${period}-12-31`]
  if (period.length === 7) {
    const [y, m] = period.split("-").map(Number) as [number, number]
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
    return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`]
  }
  return [period, period]
}

const later = (a: string, b: string) => (a === "-infinity" ? b : b === "-infinity" ? a : a > b ? a : b)
const earlier = (a: string, b: string) => (a === "infinity" ? b : b === "infinity" ? a : a < b ? a : b)

/**
 * The reports of a statistics query (see the module's description).
 *
 * @since 0.1.0
 * @category operations
 */
export const report = Effect.fn("SqlStatistics.report")(function*(
  query: TicketStore.StatisticsQuery
): Effect.fn.Return<ReadonlyArray<Statistics.Report>, SqlError.SqlError, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const [changes] = yield* sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM statistics_changes) AS any`
  if (changes?.any === true) yield* compact(READ_BATCH)
  const from = query.from ?? "-infinity"
  const to = query.to ?? "infinity"
  const asOf = new Date(query.asOf)
  const ranged = query.from !== undefined || query.to !== undefined
  // Without a range the counts of the period itself are read; with one, the days in it.
  const granularity = ranged ? "day" : query.period
  const periodOf = (column: string) => (query.period === "all" ? `'all'` : `substr(${column}, 1, ${PREFIX[query.period]})`)
  const source = `
    SELECT sign, 0 AS late, ${COLUMNS} FROM statistics_changes
      WHERE received_on BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT -1, 0, ${COLUMNS} FROM statistics_facts
      WHERE received_at > $3 AND received_on BETWEEN $1::date AND $2::date
    UNION ALL
    SELECT 0, count(*)::int, received_on, channel, requester_kind, topic, NULL, closed, 'pending', NULL FROM statistics_facts
      WHERE standing = 'pending' AND first_due <= $3 AND received_at <= $3 AND received_on BETWEEN $1::date AND $2::date
      GROUP BY received_on, channel, requester_kind, topic, closed`
  const counts = `
    SELECT period, dimension, value, sum(received)::float8 AS received, sum(open)::float8 AS open,
      sum(closed)::float8 AS closed, sum(judged)::float8 AS judged, sum(on_time)::float8 AS on_time
    FROM (
      SELECT ${periodOf("period")} AS period, dimension, value, received, open, closed, judged, on_time
      FROM statistics_counts
      WHERE granularity = $4 AND ($5 = false OR period BETWEEN $6 AND $7)
      UNION ALL
      SELECT ${periodOf("m.period")}, m.dimension, m.value, m.received, m.open, m.closed, m.judged, m.on_time
      FROM (${marginals(source, `('day', to_char(s.received_on, 'YYYY-MM-DD'))`)}) AS m
    ) AS c
    GROUP BY 1, 2, 3
    HAVING sum(received) <> 0`
  return yield* sql.withTransaction(Effect.gen(function*() {
    // One snapshot: the ranks found in the counts must be the ranks in the facts.
    yield* sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`
    const rows = yield* sql.unsafe<CountRow>(counts, [from, to, asOf, granularity, ranged, from, to])
    const medians = yield* mediansOf(sql, rows, { from, to, asOf })
    return Statistics.fromCounts(
      rows.flatMap((r) =>
        r.dimension === "answer"
          ? []
          : [{ period: r.period, dimension: r.dimension, value: r.value, received: r.received, open: r.open, closed: r.closed, judged: r.judged, onTime: r.on_time }]
      ),
      medians
    )
  }))
})

/**
 * Each period's median time to answer: the middle answers' ranks from the bucket counts, then
 * their exact values from the answer index, one bucket of one period each.
 */
const mediansOf = (
  sql: SqlClient.SqlClient,
  rows: ReadonlyArray<CountRow>,
  range: { readonly from: string; readonly to: string; readonly asOf: Date }
) =>
  Effect.gen(function*() {
    const buckets = new Map<string, Array<{ bucket: number; count: number }>>()
    for (const r of rows) {
      if (r.dimension !== "answer") continue
      const list = buckets.get(r.period) ?? []
      list.push({ bucket: Number(r.value), count: r.received })
      buckets.set(r.period, list)
    }
    const probes: Array<{ period: string; bucket: number; offset: number; from: string; to: string }> = []
    for (const [period, list] of buckets) {
      list.sort((a, b) => a.bucket - b.bucket)
      const n = list.reduce((sum, b) => sum + b.count, 0)
      const ranks = n % 2 === 1 ? [(n - 1) / 2] : [n / 2 - 1, n / 2]
      const [first, last] = datesOf(period)
      for (const rank of ranks) {
        let before = 0
        for (const b of list) {
          if (rank < before + b.count) {
            probes.push({ period, bucket: b.bucket, offset: rank - before, from: later(first, range.from), to: earlier(last, range.to) })
            break
          }
          before += b.count
        }
      }
    }
    if (probes.length === 0) return new Map<string, number>()
    const values = yield* sql<{ period: string; value: string | null }>`
      SELECT p.period, (
        SELECT f.answer_ms FROM statistics_facts f
        WHERE f.answer_ms IS NOT NULL AND f.answer_bucket = p.bucket AND f.received_on BETWEEN p.first AND p.last
          AND f.received_at <= ${range.asOf}
        ORDER BY f.answer_ms OFFSET p.skip LIMIT 1
      )::text AS value
      FROM unnest(${probes.map((p) => p.period)}::text[], ${probes.map((p) => p.bucket)}::int[],
        ${probes.map((p) => p.offset)}::int[], ${probes.map((p) => p.from)}::date[], ${probes.map((p) => p.to)}::date[])
        WITH ORDINALITY AS p(period, bucket, skip, first, last, ord)
      ORDER BY p.ord`
    const medians = new Map<string, number>()
    const found = new Map<string, Array<number>>()
    for (const v of values) {
      if (v.value === null) {
        return yield* Effect.die(new Error(`the statistics counters of ${v.period} disagree with the facts: run SqlStatistics.rebuild`))
      }
      found.set(v.period, [...(found.get(v.period) ?? []), Number(v.value)])
    }
    for (const [period, list] of found) medians.set(period, list.reduce((a, b) => a + b, 0) / list.length)
    return medians
  })
