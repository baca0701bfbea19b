/**
 * Idempotency keys in SQL: the first request with a (channel, key) claims it for a ticket;
 * every later one — also a concurrent one — learns the ticket it got.
 */
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as SqlErrors from "../SqlErrors.ts"

/** The outcome of `claim`. */
export type Claim =
  | { readonly _tag: "Claimed"; readonly ticketId: string }
  | { readonly _tag: "Existing"; readonly ticketId: string }

/**
 * Records that (channel, key) belongs to `ticketId`, unless it already belongs to a ticket:
 * then that ticket is returned as `Existing`. Run it in the intake's transaction, first:
 * a concurrent intake with the same key waits on the row until this transaction ends,
 * then sees `Existing` (or claims the key itself if this one rolled back).
 */
export const claim = Effect.fn("Idempotency.claim")(function*(
  channel: string,
  key: string,
  ticketId: string
): Effect.fn.Return<Claim, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  return yield* Effect.gen(function*() {
    const inserted = yield* sql<{ ticket_id: string }>`
      INSERT INTO idempotency_keys (channel, key, ticket_id, recorded_at)
      VALUES (${channel}, ${key}, ${ticketId}, ${now})
      ON CONFLICT (channel, key) DO NOTHING
      RETURNING ticket_id`
    if (inserted.length > 0) return { _tag: "Claimed", ticketId } as const
    const [existing] = yield* sql<{ ticket_id: string }>`
      SELECT ticket_id FROM idempotency_keys WHERE channel = ${channel} AND key = ${key}`
    if (existing === undefined) {
      // The other claimer rolled back between our two statements: try again.
      return yield* claim(channel, key, ticketId)
    }
    return { _tag: "Existing", ticketId: existing.ticket_id } as const
  }).pipe(SqlErrors.mapSqlError("Idempotency.claim"))
})

/** The ticket that (channel, key) belongs to, if any. Safe to retry. */
export const lookup = Effect.fn("Idempotency.lookup")(function*(
  channel: string,
  key: string
): Effect.fn.Return<string | undefined, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ ticket_id: string }>`
    SELECT ticket_id FROM idempotency_keys WHERE channel = ${channel} AND key = ${key}`.pipe(
    SqlErrors.mapSqlError("Idempotency.lookup"),
    SqlErrors.retryIdempotent
  )
  return row?.ticket_id
})
