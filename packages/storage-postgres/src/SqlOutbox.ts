/**
 * `Outbox` of `@sportello/core` in PostgreSQL, on the table the ticket store's commits write
 * their messages to (in the commit's transaction).
 *
 * Relays claim pending messages due at the `now` they pass in, oldest first, with
 * `FOR UPDATE SKIP LOCKED` and a lease: concurrent relays (several engine processes) never
 * get the same message, and a relay that dies leaves its messages to be claimed again when
 * the lease ends — at-least-once delivery, with the delivery key for the provider to drop
 * repeats. An attempt counts when it is marked (sent or failed); a failure is retried after
 * the policy's backoff (`Outbox.backoff`) and becomes a dead letter after its last attempt,
 * or at once when permanent.
 *
 * @since 0.1.0
 */
import { Outbox } from "@sportello/core"
import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import * as Messages from "./internal/messages.ts"
import { date, idempotent, storage } from "./internal/sql.ts"

interface Row {
  readonly payload: Outbox.Message
  readonly status: "pending" | "sent" | "dead"
  readonly attempts: number
  readonly next_attempt_at: Date
  readonly last_error: string | null
  readonly sent_at: Date | null
  readonly provider_id: string | null
  readonly dead_lettered_at: Date | null
}

const stateOf = (row: Row): Outbox.State =>
  row.status === "sent"
    ? { _tag: "Sent", attempts: row.attempts, sentAt: row.sent_at!.getTime(), ...(row.provider_id === null ? {} : { providerId: row.provider_id }) }
    : row.status === "dead"
    ? { _tag: "DeadLetter", attempts: row.attempts, failedAt: row.dead_lettered_at!.getTime(), lastError: row.last_error ?? "" }
    : { _tag: "Pending", attempts: row.attempts, nextAttemptAt: row.next_attempt_at.getTime(), ...(row.last_error === null ? {} : { lastError: row.last_error }) }

const entryOf = (row: Row): Outbox.Entry => ({ message: row.payload, state: stateOf(row) })

/** The erased message (`Outbox.erased`) as a jsonb patch. */
const ERASED = JSON.stringify({ to: { _tag: "Email", address: "[erased]" }, subject: "", body: "" })

/**
 * An `Outbox` over the `SqlClient` in context. The schema must be migrated (`Migrations.run`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Outbox.Service, never, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const columns = sql.unsafe("payload, status, attempts, next_attempt_at, last_error, sent_at, provider_id, dead_lettered_at")

  const enqueue: Outbox.Service["enqueue"] = (messages) =>
    messages.length === 0 ? Effect.void : Messages.insert(sql, messages).pipe(idempotent("Outbox.enqueue"), Effect.asVoid)

  const claim: Outbox.Service["claim"] = ({ leaseMs, limit, now }) =>
    sql<{ id: bigint; payload: Outbox.Message; attempts: number; next_attempt_at: Date }>`
      UPDATE outbox SET claimed_until = ${date(now + leaseMs)}
      WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ${date(now)}
          AND (claimed_until IS NULL OR claimed_until <= ${date(now)})
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, payload, attempts, next_attempt_at`.pipe(
      storage("Outbox.claim"),
      Effect.map((rows) =>
        [...rows]
          .sort((a, b) => a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((r) => ({ message: r.payload, attempts: r.attempts }))
      )
    )

  const markSent: Outbox.Service["markSent"] = (id, receipt) =>
    sql`
      UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ${date(receipt.at)},
        provider_id = ${receipt.providerId ?? null}, claimed_until = NULL
      WHERE message_id = ${id} AND status = 'pending'`.pipe(idempotent("Outbox.markSent"), Effect.asVoid)

  const markFailed: Outbox.Service["markFailed"] = (id, failure) =>
    sql.withTransaction(Effect.gen(function*() {
      const [row] = yield* sql<{ attempts: number }>`
        SELECT attempts FROM outbox WHERE message_id = ${id} AND status = 'pending' FOR UPDATE`
      if (row === undefined) return
      const attempts = row.attempts + 1
      if (failure.permanent || attempts >= failure.policy.maxAttempts) {
        yield* sql`
          UPDATE outbox SET status = 'dead', attempts = ${attempts}, dead_lettered_at = ${date(failure.at)},
            last_error = ${failure.error}, claimed_until = NULL
          WHERE message_id = ${id}`
      } else {
        yield* sql`
          UPDATE outbox SET attempts = ${attempts}, last_error = ${failure.error}, claimed_until = NULL,
            next_attempt_at = ${date(failure.at + Outbox.backoff(failure.policy, attempts))}
          WHERE message_id = ${id}`
      }
    })).pipe(storage("Outbox.markFailed"))

  const erase: Outbox.Service["erase"] = (code) =>
    sql`
      UPDATE outbox SET payload = payload || ${ERASED}::jsonb,
        status = CASE WHEN status = 'pending' THEN 'dead' ELSE status END,
        dead_lettered_at = CASE WHEN status = 'pending' THEN created_at ELSE dead_lettered_at END,
        last_error = CASE WHEN status = 'pending' THEN 'erased before delivery' ELSE last_error END,
        claimed_until = NULL
      WHERE ticket_id = ${code}`.pipe(idempotent("Outbox.erase"), Effect.asVoid)

  const get: Outbox.Service["get"] = (id) =>
    sql<Row>`SELECT ${columns} FROM outbox WHERE message_id = ${id}`.pipe(
      idempotent("Outbox.get"),
      Effect.map((rows) => Option.map(Option.fromNullishOr(rows[0]), entryOf))
    )

  const list: Outbox.Service["list"] = (filter) => {
    const status = filter.state === undefined ? null : filter.state === "Pending" ? "pending" : filter.state === "Sent" ? "sent" : "dead"
    return sql<Row>`
      SELECT ${columns} FROM outbox
      WHERE (${filter.code ?? null}::text IS NULL OR ticket_id = ${filter.code ?? null})
        AND (${status}::text IS NULL OR status = ${status})
      ORDER BY id DESC
      LIMIT ${filter.limit ?? null}::int`.pipe(
      idempotent("Outbox.list"),
      Effect.map((rows) => rows.map(entryOf))
    )
  }

  return { enqueue, claim, markSent, markFailed, erase, get, list } satisfies Outbox.Service
})

/**
 * The `Outbox` over the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Outbox.Outbox, never, SqlClient.SqlClient> = Layer.effect(Outbox.Outbox, make)
