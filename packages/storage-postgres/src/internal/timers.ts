/**
 * Timers in SQL (warn before breach, auto-close, …): scheduled per (ticket, kind), claimed
 * by any number of engine processes with `FOR UPDATE SKIP LOCKED`, with `now` from effect's
 * `Clock` so that tests drive time with `TestClock`.
 *
 * A claim is a lease: the timer is hidden from other claimers until `claimedUntil`. The
 * claimer fires it with `markFired`, in the same transaction as the work it triggers;
 * `claimedUntil` is the fencing token, so a claimer whose lease ran out (or whose timer was
 * moved meanwhile) gets `false` and must roll its work back. A crashed claimer's timers come
 * back when the lease ends.
 */
import { Clock, Duration, Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as SqlErrors from "../SqlErrors.ts"

/** A timer claimed by this process until `claimedUntil`. */
export interface ClaimedTimer {
  readonly id: bigint
  readonly ticketId: string
  readonly kind: string
  readonly dueAt: Date
  readonly claimedUntil: Date
}

/** Sets (or moves) the ticket's timer of this kind; a fired timer is re-armed. */
export const schedule = Effect.fn("Timers.schedule")(function*(
  ticketId: string,
  kind: string,
  dueAt: Date
): Effect.fn.Return<void, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    INSERT INTO timers (ticket_id, kind, due_at) VALUES (${ticketId}, ${kind}, ${dueAt})
    ON CONFLICT (ticket_id, kind)
    DO UPDATE SET due_at = excluded.due_at, fired_at = NULL, claimed_until = NULL`.pipe(
    SqlErrors.mapSqlError("Timers.schedule")
  )
})

/** Removes the ticket's timer of this kind, if any. */
export const cancel = Effect.fn("Timers.cancel")(function*(
  ticketId: string,
  kind: string
): Effect.fn.Return<void, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  yield* sql`DELETE FROM timers WHERE ticket_id = ${ticketId} AND kind = ${kind}`.pipe(
    SqlErrors.mapSqlError("Timers.cancel")
  )
})

interface TimerRow {
  readonly id: bigint
  readonly ticket_id: string
  readonly kind: string
  readonly due_at: Date
  readonly claimed_until: Date
}

/**
 * Claims up to `limit` timers due at the clock's `now` and not claimed by anyone else, the
 * most overdue first, for `lease`. Concurrent claimers never get the same timer.
 */
export const claimDue = Effect.fn("Timers.claimDue")(function*(options: {
  readonly limit: number
  readonly lease: Duration.Input
}): Effect.fn.Return<ReadonlyArray<ClaimedTimer>, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const nowMillis = yield* Clock.currentTimeMillis
  const now = new Date(nowMillis)
  const until = new Date(nowMillis + Duration.toMillis(Duration.fromInputUnsafe(options.lease)))
  const rows = yield* sql<TimerRow>`
    WITH due AS MATERIALIZED (
      SELECT id FROM timers
      WHERE fired_at IS NULL AND due_at <= ${now} AND (claimed_until IS NULL OR claimed_until <= ${now})
      ORDER BY due_at
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE timers t SET claimed_until = ${until}
    FROM due WHERE t.id = due.id
    RETURNING t.id, t.ticket_id, t.kind, t.due_at, t.claimed_until`.pipe(SqlErrors.mapSqlError("Timers.claimDue"))
  return rows
    .map((r) => ({ id: r.id, ticketId: r.ticket_id, kind: r.kind, dueAt: r.due_at, claimedUntil: r.claimed_until }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1))
})

/**
 * Marks a claimed timer fired at the clock's `now`. `false` when the claim was lost (the
 * lease ran out and someone else claimed it, or the timer was moved or cancelled).
 */
export const markFired = Effect.fn("Timers.markFired")(function*(
  timer: ClaimedTimer
): Effect.fn.Return<boolean, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const rows = yield* sql`
    UPDATE timers SET fired_at = ${now}, claimed_until = NULL
    WHERE id = ${timer.id} AND fired_at IS NULL AND claimed_until = ${timer.claimedUntil}
    RETURNING id`.pipe(SqlErrors.mapSqlError("Timers.markFired"))
  return rows.length === 1
})
