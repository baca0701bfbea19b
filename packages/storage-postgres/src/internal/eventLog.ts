/**
 * The event log in SQL: one stream per ticket, appended with an expected version.
 * Phase 2's `TicketStore` builds on these; they run inside the caller's transaction when
 * there is one (nested `withTransaction` becomes a savepoint).
 */
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as SqlErrors from "../SqlErrors.ts"

/** An event to append: its type tag and its encoded payload (a JSON value). */
export interface NewEvent {
  readonly type: string
  readonly payload: unknown
}

/** An event as stored. */
export interface StoredEvent {
  readonly ticketId: string
  readonly version: number
  readonly type: string
  readonly payload: unknown
  readonly recordedAt: Date
  readonly position: bigint
}

/**
 * Appends `events` to the ticket's stream if its current version is `expectedVersion`
 * (0 for a new ticket); returns the new version. Any other writer that got there first
 * makes this a `WriteConflict`: either the stream-version key is
 * violated (the stream moved past the expectation) or nothing is inserted (the
 * expectation is ahead of the stream). One statement, so no lock is held between a read
 * and a write.
 */
export const append = Effect.fn("EventLog.append")(function*(
  ticketId: string,
  expectedVersion: number,
  events: ReadonlyArray<NewEvent>
): Effect.fn.Return<number, SqlErrors.Failure, SqlClient.SqlClient> {
  if (events.length === 0) return expectedVersion
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const rows = yield* sql<{ version: number }>`
    INSERT INTO ticket_events (ticket_id, version, event_type, payload, recorded_at)
    SELECT ${ticketId}, ${expectedVersion}::int + e.ord::int, e.type, e.payload::jsonb, ${now}
    FROM unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::text[])
      WITH ORDINALITY AS e(type, payload, ord)
    WHERE ${expectedVersion}::int = 0
      OR EXISTS (SELECT 1 FROM ticket_events WHERE ticket_id = ${ticketId} AND version = ${expectedVersion}::int)
    RETURNING version`.pipe(SqlErrors.mapSqlError("EventLog.append"))
  if (rows.length !== events.length) {
    return yield* new SqlErrors.WriteConflict({
      message: `EventLog.append: ticket ${ticketId} is not at version ${expectedVersion}`
    })
  }
  return expectedVersion + events.length
})

interface EventRow {
  readonly ticket_id: string
  readonly version: number
  readonly event_type: string
  readonly payload: unknown
  readonly recorded_at: Date
  readonly position: bigint
}

const toStored = (row: EventRow): StoredEvent => ({
  ticketId: row.ticket_id,
  version: row.version,
  type: row.event_type,
  payload: row.payload,
  recordedAt: row.recorded_at,
  position: row.position
})

/** The ticket's events after `afterVersion` (default: all), oldest first. Safe to retry. */
export const read = Effect.fn("EventLog.read")(function*(
  ticketId: string,
  afterVersion = 0
): Effect.fn.Return<ReadonlyArray<StoredEvent>, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<EventRow>`
    SELECT ticket_id, version, event_type, payload, recorded_at, position
    FROM ticket_events WHERE ticket_id = ${ticketId} AND version > ${afterVersion}::int
    ORDER BY version`.pipe(SqlErrors.mapSqlError("EventLog.read"), SqlErrors.retryIdempotent)
  return rows.map(toStored)
})

/** The ticket's current version (0 when it has no events). Safe to retry. */
export const version = Effect.fn("EventLog.version")(function*(
  ticketId: string
): Effect.fn.Return<number, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ version: number }>`
    SELECT coalesce(max(version), 0)::int AS version FROM ticket_events WHERE ticket_id = ${ticketId}`.pipe(
    SqlErrors.mapSqlError("EventLog.version"),
    SqlErrors.retryIdempotent
  )
  return row?.version ?? 0
})
