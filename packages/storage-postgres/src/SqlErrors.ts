/**
 * PostgreSQL's errors in the storage ports' terms (design.md, habit 2). A SQLSTATE becomes
 * one of the reasons of `@sportello/core`'s `StorageError`, or a `WriteConflict` — someone
 * else wrote first — which the stores turn into the port's `VersionConflict`.
 *
 * | classification  | SQLSTATE                                                      | what to do                      |
 * | --------------- | ------------------------------------------------------------- | ------------------------------- |
 * | `conflict`      | 23505 on a stream-version key, 40001, 40P01                   | reload the ticket, decide again |
 * | `unavailable`   | class 08, 57P01–57P03, 53300; a socket the driver lost        | retry later (`isRetryable`)     |
 * | `constraint`    | class 23 (other integrity violations)                         | a bug or a bad request: report  |
 * | `invalid-input` | class 22 (data exceptions)                                    | the input is wrong: report      |
 * | `unknown`       | anything else (syntax, permissions, …)                        | a bug: report                   |
 *
 * @since 0.1.0
 */
import { StorageError } from "@sportello/core"
import { Effect, Schedule, Schema } from "effect"
import { SqlError } from "effect/sql"

/**
 * What a failure means: a conflict, or one of `StorageError`'s reasons.
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = "conflict" | StorageError.Reason

/**
 * Another transaction wrote first: the stream moved past the expected version, or a
 * serializable transaction lost. Deciding again on fresh state may succeed; repeating the
 * same write will not.
 *
 * @since 0.1.0
 * @category errors
 */
export class WriteConflict extends Schema.TaggedError<WriteConflict>()("WriteConflict", {
  message: Schema.String,
  sqlState: Schema.optional(Schema.String),
  constraint: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect())
}) {}

/**
 * What a storage operation of this package fails with.
 *
 * @since 0.1.0
 * @category errors
 */
export type Failure = WriteConflict | StorageError.StorageError

/**
 * Unique constraints whose violation means "someone else wrote this ticket first": the
 * stream-version key of the event log. Other unique violations are `constraint` errors.
 *
 * @since 0.1.0
 * @category classification
 */
export const conflictConstraints: ReadonlySet<string> = new Set(["ticket_events_stream_version"])

const UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "53300"])

/** Node.js socket errors that mean "the server is not reachable now". */
const NETWORK_ERRORS = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN"
])

const SQLSTATE = /^[0-9A-Z]{5}$/

/**
 * The reason for a SQLSTATE (and, for unique violations, the constraint's name).
 *
 * @since 0.1.0
 * @category classification
 */
export const classify = (sqlState: string | undefined, constraint?: string | undefined): Reason => {
  if (sqlState === undefined) return "unknown"
  if (sqlState === "40001" || sqlState === "40P01") return "conflict"
  if (sqlState === "23505") {
    return constraint !== undefined && conflictConstraints.has(constraint) ? "conflict" : "constraint"
  }
  if (sqlState.startsWith("23")) return "constraint"
  if (sqlState.startsWith("22")) return "invalid-input"
  if (sqlState.startsWith("08") || UNAVAILABLE.has(sqlState)) return "unavailable"
  return "unknown"
}

const field = (cause: unknown, name: string): string | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined
  const value = (cause as Record<string, unknown>)[name]
  return typeof value === "string" && value.length > 0 ? value : undefined
}

/**
 * Translates the driver's `SqlError`. The SQLSTATE decides when the server sent one;
 * otherwise a connection the driver could not open or lost (`ConnectionError`, or a socket
 * error such as `ECONNRESET`) is `unavailable` and anything else `unknown`.
 *
 * @since 0.1.0
 * @category classification
 */
export const fromSqlError = (error: SqlError.SqlError, operation?: string): Failure => {
  const cause = error.reason.cause
  const code = field(cause, "code")
  const sqlState = code !== undefined && SQLSTATE.test(code) ? code : undefined
  const constraint = field(cause, "constraint")
  const reason: Reason = sqlState !== undefined
    ? classify(sqlState, constraint)
    : error.reason._tag === "ConnectionError" || (code !== undefined && NETWORK_ERRORS.has(code))
    ? "unavailable"
    : "unknown"
  const detail = field(cause, "message") ?? error.reason.message ?? error.message
  const where = operation ?? error.reason.operation ?? "query"
  const state = sqlState !== undefined ? ` [SQLSTATE ${sqlState}${constraint !== undefined ? `, ${constraint}` : ""}]` : ""
  if (reason === "conflict") {
    return new WriteConflict({
      message: `${where}: another transaction wrote first: ${detail}${state}`,
      ...(sqlState !== undefined ? { sqlState } : {}),
      ...(constraint !== undefined ? { constraint } : {}),
      cause: error
    })
  }
  return new StorageError.StorageError({ reason, message: `${where} failed (${reason}): ${detail}${state}`, cause: error })
}

/**
 * Maps the `SqlError`s of an effect with `fromSqlError`.
 *
 * @since 0.1.0
 * @category classification
 */
export const mapSqlError = (operation: string) =>
<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError.SqlError> | Failure, R> =>
  Effect.catchIf(
    self,
    (error): error is Extract<E, SqlError.SqlError> => SqlError.isSqlError(error),
    (error) => Effect.fail(fromSqlError(error, operation))
  ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | Failure, R>

/**
 * The retry policy for operations that are safe to repeat (reads, and writes that are
 * idempotent by a key): exponential from 50 ms, jittered, at most 5 retries — about 1.5 s
 * in all, enough for a pool to reconnect after a server restart or a dropped connection.
 *
 * @since 0.1.0
 * @category retry
 */
export const retrySchedule: Schedule.Schedule<unknown> = Schedule.exponential("50 millis").pipe(
  Schedule.jittered,
  Schedule.upTo({ times: 5 })
)

/**
 * Retries an idempotent operation while it fails with a retryable `StorageError`
 * (`unavailable`). Never wrap a non-idempotent write in this: a connection dropped after
 * COMMIT was sent leaves its outcome unknown.
 *
 * @since 0.1.0
 * @category retry
 */
export const retryIdempotent = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.retry(self, {
    schedule: retrySchedule,
    while: (error: E) => error instanceof StorageError.StorageError && error.isRetryable
  }) as Effect.Effect<A, E, R>
