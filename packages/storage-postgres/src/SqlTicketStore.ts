/**
 * `TicketStore` of `@sportello/core` in PostgreSQL (a server or PGlite, through `SqlClient`).
 *
 * One transaction per commit: the events (the stream-version key `(ticket, version)` makes a
 * concurrent append a `VersionConflict`), the idempotency key (`(channel, key)`: a second
 * ticket with it is `IdempotencyKeyTaken`, with the owner's code), the projection (public
 * status, worklist row, statistics fact, timers) and the outbox messages. Nothing of a
 * refused commit is written.
 *
 * Timers are claimed with `FOR UPDATE SKIP LOCKED` for a lease, at the `now` passed in, so
 * several engine processes share them and tests drive time. A commit replaces the ticket's
 * unfired timers; a fired key is never inserted again (`ON CONFLICT (key) DO NOTHING`), and
 * an unfired timer the new projection still lists keeps its claim.
 *
 * Statistics come from counters the commits maintain (`SqlStatistics`): a report costs the
 * same with a million tickets as with a hundred.
 *
 * @since 0.1.0
 */
import {
  type Projection,
  type StatusView,
  type TicketCode,
  type TicketEvent,
  TicketStore
} from "@sportello/core"
import { Clock, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql"
import * as Messages from "./internal/messages.ts"
import { date, idempotent, storage } from "./internal/sql.ts"
import * as SqlErrors from "./SqlErrors.ts"
import * as SqlStatistics from "./SqlStatistics.ts"

const iso = (millis: number) => new Date(millis).toISOString()

/** The idempotency key belongs to another ticket (rolls the commit back). */
class KeyTaken {
  readonly _tag = "KeyTaken"
  readonly owner: string
  constructor(owner: string) {
    this.owner = owner
  }
}

/**
 * A `TicketStore` over the `SqlClient` in context. The schema must be migrated
 * (`Migrations.run`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<TicketStore.Service, never, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const currentVersion = (code: string) =>
    Effect.map(
      sql<{ version: number }>`
        SELECT coalesce(max(version), 0)::int AS version FROM ticket_events WHERE ticket_id = ${code}`,
      (rows) => rows[0]?.version ?? 0
    )

  /** Appends events after `expectedVersion`; a stream that is elsewhere is a `WriteConflict`. */
  const insertEvents = (code: string, expectedVersion: number, events: ReadonlyArray<TicketEvent.TicketEvent>, now: Date) =>
    Effect.gen(function*() {
      if (events.length === 0) {
        const actual = yield* currentVersion(code)
        if (actual !== expectedVersion) return yield* stale(code, expectedVersion)
        return
      }
      const rows = yield* sql<{ version: number }>`
        INSERT INTO ticket_events (ticket_id, version, event_type, payload, recorded_at)
        SELECT ${code}, ${expectedVersion}::int + e.ord::int, e.type, e.payload::jsonb, ${now}
        FROM unnest(${events.map((e) => e._tag)}::text[], ${events.map((e) => JSON.stringify(e))}::text[])
          WITH ORDINALITY AS e(type, payload, ord)
        WHERE ${expectedVersion}::int = 0
          OR EXISTS (SELECT 1 FROM ticket_events WHERE ticket_id = ${code} AND version = ${expectedVersion}::int)
        RETURNING version`
      if (rows.length !== events.length) return yield* stale(code, expectedVersion)
    })

  const stale = (code: string, expectedVersion: number) =>
    Effect.fail(new SqlErrors.WriteConflict({ message: `ticket ${code} is not at version ${expectedVersion}` }))

  const claimKey = (code: string, channel: string, key: string, now: Date): Effect.Effect<void, KeyTaken | SqlError.SqlError> =>
    Effect.gen(function*() {
      const inserted = yield* sql`
        INSERT INTO idempotency_keys (channel, key, ticket_id, recorded_at)
        VALUES (${channel}, ${key}, ${code}, ${now})
        ON CONFLICT (channel, key) DO NOTHING
        RETURNING ticket_id`
      if (inserted.length > 0) return
      const [owner] = yield* sql<{ ticket_id: string }>`
        SELECT ticket_id FROM idempotency_keys WHERE channel = ${channel} AND key = ${key}`
      // The other claimer rolled back between the two statements: claim it again.
      if (owner === undefined) return yield* claimKey(code, channel, key, now)
      if (owner.ticket_id !== code) return yield* Effect.fail(new KeyTaken(owner.ticket_id))
    })

  const writeProjection = (projection: Projection.Projection) =>
    Effect.gen(function*() {
      const code = projection.code
      yield* sql`
        INSERT INTO ticket_status (code, version, view) VALUES (${code}, ${projection.version}, ${JSON.stringify(projection.status)}::jsonb)
        ON CONFLICT (code) DO UPDATE SET version = excluded.version, view = excluded.view`
      const w = projection.worklist
      if (w === undefined) {
        yield* sql`DELETE FROM worklist WHERE code = ${code}`
      } else {
        yield* sql`
          INSERT INTO worklist (code, queue, assignee, status, topic, urgent, due_at, at_risk_at, received_at, consulting, entry)
          VALUES (${code}, ${w.queue}, ${w.assignee ?? null}, ${w.status}, ${w.topic ?? null}, ${w.urgent},
            ${w.dueAt === undefined ? null : iso(w.dueAt)}::timestamptz, ${w.atRiskAt === undefined ? null : iso(w.atRiskAt)}::timestamptz,
            ${date(w.receivedAt)}, ${[...w.consulting]}::text[], ${JSON.stringify(w)}::jsonb)
          ON CONFLICT (code) DO UPDATE SET queue = excluded.queue, assignee = excluded.assignee, status = excluded.status,
            topic = excluded.topic, urgent = excluded.urgent, due_at = excluded.due_at, at_risk_at = excluded.at_risk_at,
            received_at = excluded.received_at, consulting = excluded.consulting, entry = excluded.entry`
      }
      yield* SqlStatistics.record(sql, projection.fact)
      const keys = projection.timers.map((t) => t.key)
      yield* sql`
        DELETE FROM timers WHERE ticket_id = ${code} AND fired_at IS NULL AND NOT (key = ANY(${keys}::text[]))`
      if (projection.timers.length > 0) {
        yield* sql`
          INSERT INTO timers (key, ticket_id, kind, due_at)
          SELECT t.key, ${code}, t.kind, t.due_at
          FROM unnest(${keys}::text[], ${projection.timers.map((t) => t.kind)}::text[],
            ${projection.timers.map((t) => iso(t.dueAt))}::timestamptz[]) AS t(key, kind, due_at)
          ON CONFLICT (key) DO NOTHING`
      }
    })

  const versionConflict = (code: string, expected: number) =>
    Effect.flatMap(idempotent("TicketStore.append")(currentVersion(code)), (actual) =>
      Effect.fail(
        new TicketStore.VersionConflict({
          code,
          expected,
          actual,
          message: `ticket ${code} is at version ${actual}, not ${expected}: it changed since it was loaded`
        })
      ))

  const append: TicketStore.Service["append"] = Effect.fn("SqlTicketStore.append")(function*(commit) {
    const now = new Date(yield* Clock.currentTimeMillis)
    const write = Effect.gen(function*() {
      yield* insertEvents(commit.code, commit.expectedVersion, commit.events, now)
      if (commit.idempotencyKey !== undefined) {
        yield* claimKey(commit.code, commit.idempotencyKey.channel, commit.idempotencyKey.key, now)
      }
      yield* writeProjection(commit.projection)
      if (commit.outbox.length > 0) yield* Messages.insert(sql, commit.outbox)
    })
    return yield* sql.withTransaction(write).pipe(
      SqlErrors.mapSqlError("TicketStore.append"),
      Effect.catchTags({
        WriteConflict: () => versionConflict(commit.code, commit.expectedVersion),
        KeyTaken: ({ owner }) => {
          const { channel, key } = commit.idempotencyKey!
          return Effect.fail(
            new TicketStore.IdempotencyKeyTaken({
              channel,
              key,
              code: owner,
              message: `the request with key "${key}" on channel ${channel} is already ticket ${owner}`
            })
          )
        }
      })
    )
  })

  const load: TicketStore.Service["load"] = (code) =>
    sql<{ payload: TicketEvent.TicketEvent }>`
      SELECT payload FROM ticket_events WHERE ticket_id = ${code} ORDER BY version`.pipe(
      idempotent("TicketStore.load"),
      Effect.map((rows) =>
        rows.length === 0 ? Option.none() : Option.some({ code, version: rows.length, events: rows.map((r) => r.payload) })
      )
    )

  const findByIdempotencyKey: TicketStore.Service["findByIdempotencyKey"] = (channel, key) =>
    sql<{ ticket_id: string }>`
      SELECT ticket_id FROM idempotency_keys WHERE channel = ${channel} AND key = ${key}`.pipe(
      idempotent("TicketStore.findByIdempotencyKey"),
      Effect.map((rows) => Option.fromNullishOr(rows[0]?.ticket_id as TicketCode.TicketCode | undefined))
    )

  const status: TicketStore.Service["status"] = (code) =>
    sql<{ view: StatusView.View }>`SELECT view FROM ticket_status WHERE code = ${code}`.pipe(
      idempotent("TicketStore.status"),
      Effect.map((rows) => Option.fromNullishOr(rows[0]?.view))
    )

  const worklist: TicketStore.Service["worklist"] = (q) =>
    sql<{ entry: Projection.WorklistEntry }>`
      SELECT entry FROM worklist
      WHERE (${q.queue ?? null}::text IS NULL OR queue = ${q.queue ?? null})
        AND (${q.office ?? null}::text IS NULL OR queue = ${q.office ?? null} OR consulting @> ARRAY[${q.office ?? null}::text])
        AND (${q.assignee ?? null}::text IS NULL OR assignee = ${q.assignee ?? null})
        AND (${q.status ?? null}::text IS NULL OR status = ${q.status ?? null})
        AND (${q.topic ?? null}::text IS NULL OR topic = ${q.topic ?? null})
      ORDER BY urgent DESC, due_at ASC NULLS LAST, received_at, code
      LIMIT ${q.limit ?? null}::int`.pipe(
      idempotent("TicketStore.worklist"),
      Effect.map((rows) => rows.map((r) => r.entry))
    )

  const statistics: TicketStore.Service["statistics"] = (q) =>
    SqlStatistics.report(q).pipe(Effect.provideService(SqlClient.SqlClient, sql), idempotent("TicketStore.statistics"))

  const claimTimers: TicketStore.Service["claimTimers"] = ({ leaseMs, limit, now }) =>
    sql<{ key: string; ticket_id: string; kind: Projection.TimerKind; due_at: Date }>`
      UPDATE timers SET claimed_until = ${date(now + leaseMs)}
      WHERE id IN (
        SELECT id FROM timers
        WHERE fired_at IS NULL AND due_at <= ${date(now)} AND (claimed_until IS NULL OR claimed_until <= ${date(now)})
        ORDER BY due_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING key, ticket_id, kind, due_at`.pipe(
      storage("TicketStore.claimTimers"),
      Effect.map((rows) =>
        rows
          .map((r): Projection.Timer => ({ key: r.key, code: r.ticket_id as TicketCode.TicketCode, kind: r.kind, dueAt: r.due_at.getTime() }))
          .sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : 1))
      )
    )

  const completeTimer: TicketStore.Service["completeTimer"] = (key) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      sql`UPDATE timers SET fired_at = ${date(now)}, claimed_until = NULL WHERE key = ${key} AND fired_at IS NULL`.pipe(
        idempotent("TicketStore.completeTimer"),
        Effect.asVoid
      ))

  const closedBefore: TicketStore.Service["closedBefore"] = (instant, limit) =>
    sql<{ code: TicketCode.TicketCode }>`
      SELECT code FROM statistics_facts
      WHERE closed_at IS NOT NULL AND NOT erased AND closed_at < ${date(instant)}
      ORDER BY closed_at, code
      LIMIT ${limit}`.pipe(
      idempotent("TicketStore.closedBefore"),
      Effect.map((rows) => rows.map((r) => r.code))
    )

  const redact: TicketStore.Service["redact"] = Effect.fn("SqlTicketStore.redact")(function*(commit) {
    const now = new Date(yield* Clock.currentTimeMillis)
    const write = Effect.gen(function*() {
      // Lock the stream's last event: a concurrent append or redaction waits, then conflicts.
      const [last] = yield* sql<{ version: number }>`
        SELECT version FROM ticket_events WHERE ticket_id = ${commit.code} ORDER BY version DESC LIMIT 1 FOR UPDATE`
      const actual = last?.version ?? 0
      if (actual === 0 || actual !== commit.expectedVersion || commit.redacted.length !== actual) {
        return yield* stale(commit.code, commit.expectedVersion)
      }
      const replaced = yield* sql`
        UPDATE ticket_events e SET event_type = r.type, payload = r.payload::jsonb
        FROM unnest(${commit.redacted.map((ev) => ev._tag)}::text[], ${commit.redacted.map((ev) => JSON.stringify(ev))}::text[])
          WITH ORDINALITY AS r(type, payload, ord)
        WHERE e.ticket_id = ${commit.code} AND e.version = r.ord::int
        RETURNING e.version`
      if (replaced.length !== actual) return yield* stale(commit.code, commit.expectedVersion)
      yield* insertEvents(commit.code, commit.expectedVersion, commit.events, now)
      yield* writeProjection(commit.projection)
      yield* sql`UPDATE statistics_facts SET erased = true WHERE code = ${commit.code}`
      if (commit.outbox.length > 0) yield* Messages.insert(sql, commit.outbox)
    })
    return yield* sql.withTransaction(write).pipe(
      SqlErrors.mapSqlError("TicketStore.redact"),
      Effect.catchTag("WriteConflict", () => versionConflict(commit.code, commit.expectedVersion))
    )
  })

  return {
    append,
    load,
    findByIdempotencyKey,
    status,
    worklist,
    statistics,
    claimTimers,
    completeTimer,
    closedBefore,
    redact
  } satisfies TicketStore.Service
})

/**
 * The `TicketStore` over the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TicketStore.TicketStore, never, SqlClient.SqlClient> = Layer.effect(TicketStore.TicketStore, make)
