/**
 * The queries that must stay fast with a million tickets use their indexes. With 20,000
 * fired timers, closed tickets and statuses and a few due ones, after ANALYZE, the planner
 * is asked (EXPLAIN, no forcing) for the plan of:
 * - the due-timer sweep of `TicketStore.claimTimers` → an index scan of the partial index
 *   `timers_due` (unfired timers by due_at), never a scan of the table;
 * - the status lookup by code → the primary key of `ticket_status`;
 * - retention's `closedBefore` → the partial index `statistics_facts_retention`;
 * - the outbox claim → the partial index `outbox_due`;
 * - the parts of a statistics report that read facts (`SqlStatistics`): first terms still
 *   running past their deadline → `statistics_facts_pending`; facts received after the
 *   report's instant → `statistics_facts_received_at`; the median's probe into one bucket of
 *   one period → `statistics_facts_answers`.
 * The statements are the stores' own, with the same shape and parameters.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { backends } from "./support/backends.ts"

const ROWS = 20_000
const NOW = new Date("2027-06-01T10:00:00Z")

const seed = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    INSERT INTO timers (key, ticket_id, kind, due_at, fired_at)
    SELECT 'T' || i || ':breach:' || i, 'T' || i, 'breach', ${NOW}::timestamptz - make_interval(mins => i),
      CASE WHEN i % 1000 = 0 THEN NULL ELSE ${NOW}::timestamptz END
    FROM generate_series(1, ${ROWS}) AS i`
  yield* sql`
    INSERT INTO ticket_status (code, version, view)
    SELECT 'T' || i, 3, jsonb_build_object('code', 'T' || i, 'state', 'closed') FROM generate_series(1, ${ROWS}) AS i`
  yield* sql`
    INSERT INTO statistics_facts (code, received_at, received_on, channel, requester_kind, topic, closed, closed_at, erased, fact,
      standing, first_due, answer_ms)
    SELECT 'T' || i, ${NOW}::timestamptz - make_interval(days => i % 700 + 1), (${NOW}::timestamptz - make_interval(days => i % 700 + 1))::date,
      'web-form', 'citizen', 'unclassified', i % 500 <> 0, CASE WHEN i % 500 = 0 THEN NULL ELSE ${NOW}::timestamptz - make_interval(days => i % 700) END,
      i % 100 <> 0, '{}'::jsonb, CASE WHEN i % 500 = 0 THEN 'pending' ELSE 'on-time' END,
      ${NOW}::timestamptz - make_interval(days => i % 700 - 10), CASE WHEN i % 500 = 0 THEN NULL ELSE 3600000 + i * 1000 END
    FROM generate_series(1, ${ROWS}) AS i`
  yield* sql`
    INSERT INTO outbox (message_id, ticket_id, delivery_key, channel, payload, status, next_attempt_at, created_at, sent_at)
    SELECT 'M' || i, 'T' || i, 'D' || i, 'Email', '{}'::jsonb, CASE WHEN i % 1000 = 0 THEN 'pending' ELSE 'sent' END,
      ${NOW}, ${NOW}, CASE WHEN i % 1000 = 0 THEN NULL ELSE ${NOW}::timestamptz END
    FROM generate_series(1, ${ROWS}) AS i`
  yield* sql`ANALYZE`
})

const plan = (statement: Effect.Effect<ReadonlyArray<{ "QUERY PLAN": string }>, unknown, never>) =>
  Effect.map(statement, (rows) => rows.map((r) => r["QUERY PLAN"]).join("\n"))

for (const backend of backends) {
  describe(`query plans (${backend.name})`, () => {
    it.effect("the sweep, the lookup by code, retention and the outbox claim use their indexes", () =>
      Effect.gen(function*() {
        yield* seed
        const sql = yield* SqlClient.SqlClient
        const sweep = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          UPDATE timers SET claimed_until = ${NOW}
          WHERE id IN (
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= ${NOW} AND (claimed_until IS NULL OR claimed_until <= ${NOW})
            ORDER BY due_at LIMIT ${100} FOR UPDATE SKIP LOCKED)
          RETURNING key, ticket_id, kind, due_at`)
        expect(sweep).toMatch(/Index Scan using timers_due on timers/)
        expect(sweep).not.toMatch(/Seq Scan on timers/)
        const lookup = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT view FROM ticket_status WHERE code = ${"T4711"}`)
        expect(lookup).toMatch(/Index Scan using ticket_status_pkey/)
        const retention = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          SELECT code FROM statistics_facts
          WHERE closed_at IS NOT NULL AND NOT erased AND closed_at < ${NOW}
          ORDER BY closed_at, code LIMIT ${100}`)
        expect(retention).toMatch(/statistics_facts_retention/)
        const claim = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          SELECT id FROM outbox
          WHERE status = 'pending' AND next_attempt_at <= ${NOW} AND (claimed_until IS NULL OR claimed_until <= ${NOW})
          ORDER BY next_attempt_at, id LIMIT ${100} FOR UPDATE SKIP LOCKED`)
        expect(claim).toMatch(/outbox_due/)
        const pending = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          SELECT received_on, channel, requester_kind, topic, closed FROM statistics_facts
          WHERE standing = 'pending' AND first_due <= ${NOW} AND received_at <= ${NOW}
            AND received_on BETWEEN ${"-infinity"}::date AND ${"infinity"}::date`)
        expect(pending).toMatch(/statistics_facts_pending/)
        const later = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          SELECT received_on, channel, requester_kind, topic, closed FROM statistics_facts
          WHERE received_at > ${NOW} AND received_on BETWEEN ${"-infinity"}::date AND ${"infinity"}::date`)
        expect(later).toMatch(/statistics_facts_received_at/)
        const median = yield* plan(sql<{ "QUERY PLAN": string }>`EXPLAIN
          SELECT answer_ms FROM statistics_facts
          WHERE answer_ms IS NOT NULL AND answer_bucket = ${200} AND received_on BETWEEN ${"2027-01-01"}::date AND ${"2027-01-31"}::date
            AND received_at <= ${NOW}
          ORDER BY answer_ms OFFSET ${3} LIMIT 1`)
        expect(median).toMatch(/statistics_facts_answers/)
      }).pipe(Effect.provide(backend.migrated())))
  })
}
