/**
 * The transactional outbox in SQL. Messages are enqueued in the command's transaction and
 * delivered at least once by any number of relays, which claim them with
 * `FOR UPDATE SKIP LOCKED` for a lease (as timers); `now` comes from effect's `Clock`.
 *
 * Every claim counts as an attempt (a relay that crashes mid-send has attempted). A failed
 * delivery is retried at the caller's `retryAt` until `maxAttempts`, then dead-lettered
 * (`status = 'dead'`) for a person to look at.
 */
import { Clock, Duration, Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as SqlErrors from "../SqlErrors.ts"

/** A message to deliver; `deliveryKey` is unique: enqueueing it again does nothing. */
export interface NewMessage {
  readonly ticketId: string
  readonly deliveryKey: string
  readonly channel: string
  readonly payload: unknown
}

/** A message claimed by this relay until `claimedUntil`. */
export interface ClaimedMessage {
  readonly id: bigint
  readonly ticketId: string
  readonly deliveryKey: string
  readonly channel: string
  readonly payload: unknown
  /** Attempts so far, this one included. */
  readonly attempts: number
  readonly claimedUntil: Date
}

/** Enqueues messages, due now; returns how many were new. */
export const enqueue = Effect.fn("Outbox.enqueue")(function*(
  messages: ReadonlyArray<NewMessage>
): Effect.fn.Return<number, SqlErrors.Failure, SqlClient.SqlClient> {
  if (messages.length === 0) return 0
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const rows = yield* sql`
    INSERT INTO outbox (ticket_id, delivery_key, channel, payload, next_attempt_at, created_at)
    SELECT m.ticket_id, m.delivery_key, m.channel, m.payload::jsonb, ${now}, ${now}
    FROM unnest(
      ${messages.map((m) => m.ticketId)}::text[],
      ${messages.map((m) => m.deliveryKey)}::text[],
      ${messages.map((m) => m.channel)}::text[],
      ${messages.map((m) => JSON.stringify(m.payload))}::text[]
    ) AS m(ticket_id, delivery_key, channel, payload)
    ON CONFLICT (delivery_key) DO NOTHING
    RETURNING id`.pipe(SqlErrors.mapSqlError("Outbox.enqueue"))
  return rows.length
})

interface MessageRow {
  readonly id: bigint
  readonly ticket_id: string
  readonly delivery_key: string
  readonly channel: string
  readonly payload: unknown
  readonly attempts: number
  readonly claimed_until: Date
}

/** Claims up to `limit` pending messages due at the clock's `now`, oldest first. */
export const claim = Effect.fn("Outbox.claim")(function*(options: {
  readonly limit: number
  readonly lease: Duration.Input
}): Effect.fn.Return<ReadonlyArray<ClaimedMessage>, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const nowMillis = yield* Clock.currentTimeMillis
  const now = new Date(nowMillis)
  const until = new Date(nowMillis + Duration.toMillis(Duration.fromInputUnsafe(options.lease)))
  const rows = yield* sql<MessageRow>`
    WITH due AS MATERIALIZED (
      SELECT id FROM outbox
      WHERE status = 'pending' AND next_attempt_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until <= ${now})
      ORDER BY next_attempt_at, id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox o SET claimed_until = ${until}, attempts = o.attempts + 1
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.ticket_id, o.delivery_key, o.channel, o.payload, o.attempts, o.claimed_until`.pipe(
    SqlErrors.mapSqlError("Outbox.claim")
  )
  return rows
    .map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      deliveryKey: r.delivery_key,
      channel: r.channel,
      payload: r.payload,
      attempts: r.attempts,
      claimedUntil: r.claimed_until
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
})

/** Records a delivery. `false` when the claim was lost (the lease ran out). */
export const markSent = Effect.fn("Outbox.markSent")(function*(
  message: ClaimedMessage
): Effect.fn.Return<boolean, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const rows = yield* sql`
    UPDATE outbox SET status = 'sent', sent_at = ${now}, claimed_until = NULL, last_error = NULL
    WHERE id = ${message.id} AND status = 'pending' AND claimed_until = ${message.claimedUntil}
    RETURNING id`.pipe(SqlErrors.mapSqlError("Outbox.markSent"))
  return rows.length === 1
})

/**
 * Records a failed delivery: retried at `retryAt`, or dead-lettered when it has had
 * `maxAttempts`. `"lost"` when the claim was lost.
 */
export const markFailed = Effect.fn("Outbox.markFailed")(function*(
  message: ClaimedMessage,
  failure: { readonly error: string; readonly retryAt: Date; readonly maxAttempts: number }
): Effect.fn.Return<"retry" | "dead" | "lost", SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const rows = yield* sql<{ status: "pending" | "dead" }>`
    UPDATE outbox SET
      status = CASE WHEN attempts >= ${failure.maxAttempts}::int THEN 'dead' ELSE 'pending' END,
      dead_lettered_at = CASE WHEN attempts >= ${failure.maxAttempts}::int THEN ${now}::timestamptz END,
      next_attempt_at = CASE WHEN attempts >= ${failure.maxAttempts}::int
        THEN next_attempt_at ELSE ${failure.retryAt}::timestamptz END,
      claimed_until = NULL,
      last_error = ${failure.error}
    WHERE id = ${message.id} AND status = 'pending' AND claimed_until = ${message.claimedUntil}
    RETURNING status`.pipe(SqlErrors.mapSqlError("Outbox.markFailed"))
  const row = rows[0]
  return row === undefined ? "lost" : row.status === "dead" ? "dead" : "retry"
})
