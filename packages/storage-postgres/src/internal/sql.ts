/**
 * What the SQL stores share: instants as `Date` for `timestamptz`, and failures in the ports'
 * terms.
 */
import { StorageError } from "@sportello/core"
import { Effect } from "effect"
import type { SqlError } from "effect/sql"
import * as SqlErrors from "../SqlErrors.ts"

/** An instant (epoch milliseconds) as a `timestamptz` parameter. */
export const date = (millis: number): Date => new Date(millis)

/** A `timestamptz` (or null) as epoch milliseconds. */
export const millis = (value: Date | null | undefined): number | undefined => (value == null ? undefined : value.getTime())

/**
 * Maps `SqlError`s to `StorageError`. Outside an append a conflict (a deadlock, a lost
 * serialisable transaction) is transient: `unavailable`, worth retrying.
 */
export const storage = (operation: string) =>
<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError.StorageError, R> =>
  self.pipe(
    SqlErrors.mapSqlError(operation),
    Effect.mapError((error) =>
      error instanceof SqlErrors.WriteConflict
        ? new StorageError.StorageError({
          reason: "unavailable",
          message: `${error.message} (a transient conflict: try again)`,
          cause: error
        })
        : error
    )
  ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError.StorageError, R>

/** As `storage`, retried while `unavailable`: for reads and writes idempotent by a key. */
export const idempotent = (operation: string) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  SqlErrors.retryIdempotent(storage(operation)(self))
