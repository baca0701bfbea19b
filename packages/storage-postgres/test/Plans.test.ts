/**
 * The queries that must stay fast with a million tickets use their indexes. With 20,000
 * fired timers, closed tickets and statuses and a few due ones, after ANALYZE, the planner
 * is asked (EXPLAIN, no forcing) for the plan of:
 * - the due-timer sweep of `TicketStore.claimTimers` → an index scan of the partial index
 *   `timers_due` (unfired timers by due_at), never a scan of the table;
 * - the status lookup by code → the primary key of `ticket_status`;
 * - retention's `closedBefore` → the partial index `statistics_facts_retention`;
 * - the outbox claim → the partial index `outbox_due`.
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
    INSERT INTO statistics_facts (code, received_at, received_on, channel, requester_kind, topic, closed, closed_at, erased, fact)
    SELECT 'T' || i, ${NOW}::timestamptz - make_interval(days => i % 700 + 1), (${NOW}::timestamptz - make_interval(days => i % 700 + 1))::date,
      'web-form', 'citizen', 'unclassified', true, ${NOW}::timestamptz - make_interval(days => i % 700), i % 100 <> 0, '{}'::jsonb
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
      }).pipe(Effect.provide(backend.migrated())))
  })
}
