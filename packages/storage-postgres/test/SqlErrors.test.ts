import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import { StorageError } from "@sportello/core"
import { PgServer, SqlErrors } from "../src/index.ts"
import { backends, serverUrl } from "./support/backends.ts"

describe("SqlErrors.classify", () => {
  const table: ReadonlyArray<readonly [sqlState: string | undefined, constraint: string | undefined, SqlErrors.Reason]> = [
    ["23505", "ticket_events_stream_version", "conflict"], // another append won
    ["40001", undefined, "conflict"], // serialization_failure
    ["40P01", undefined, "conflict"], // deadlock_detected
    ["23505", "idempotency_keys_channel_key", "constraint"], // a unique key that is not a stream version
    ["23505", undefined, "constraint"],
    ["23502", undefined, "constraint"], // not_null_violation
    ["23503", undefined, "constraint"], // foreign_key_violation
    ["23514", undefined, "constraint"], // check_violation
    ["23P01", undefined, "constraint"], // exclusion_violation
    ["22P02", undefined, "invalid-input"], // invalid_text_representation
    ["22001", undefined, "invalid-input"], // string_data_right_truncation
    ["22012", undefined, "invalid-input"], // division_by_zero
    ["22007", undefined, "invalid-input"], // invalid_datetime_format
    ["08000", undefined, "unavailable"], // connection_exception
    ["08003", undefined, "unavailable"], // connection_does_not_exist
    ["08006", undefined, "unavailable"], // connection_failure
    ["08001", undefined, "unavailable"], // sqlclient_unable_to_establish_sqlconnection
    ["57P01", undefined, "unavailable"], // admin_shutdown
    ["57P02", undefined, "unavailable"], // crash_shutdown
    ["57P03", undefined, "unavailable"], // cannot_connect_now
    ["53300", undefined, "unavailable"], // too_many_connections
    ["42601", undefined, "unknown"], // syntax_error
    ["42P01", undefined, "unknown"], // undefined_table
    ["42501", undefined, "unknown"], // insufficient_privilege
    ["57014", undefined, "unknown"], // query_canceled
    ["XX000", undefined, "unknown"], // internal_error
    [undefined, undefined, "unknown"]
  ]
  it.each(table)("%s (%s) → %s", (sqlState, constraint, reason) => {
    expect(SqlErrors.classify(sqlState, constraint)).toBe(reason)
  })

  it("every reason but `conflict` is one of the port's StorageError reasons, and only `unavailable` is retryable", () => {
    const portReasons: ReadonlyArray<string> = StorageError.Reason.literals
    expect(new Set(table.map(([, , reason]) => reason))).toEqual(new Set(["conflict", ...portReasons]))
    const retryable = StorageError.Reason.literals.filter((reason) =>
      new StorageError.StorageError({ reason, message: "" }).isRetryable
    )
    expect(retryable).toEqual(["unavailable"])
  })
})

describe("SqlErrors.fromSqlError", () => {
  const sqlError = (reason: SqlError.SqlErrorReason) => new SqlError.SqlError({ reason })
  const cases: ReadonlyArray<readonly [string, SqlError.SqlError, SqlErrors.Reason]> = [
    [
      "a server error with a SQLSTATE",
      sqlError(new SqlError.UnknownError({ cause: Object.assign(new Error("x"), { code: "40001" }) })),
      "conflict"
    ],
    [
      "a reset socket",
      sqlError(new SqlError.UnknownError({ cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) })),
      "unavailable"
    ],
    [
      "a refused connection",
      sqlError(new SqlError.ConnectionError({ cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) })),
      "unavailable"
    ],
    ["a connection error without a code", sqlError(new SqlError.ConnectionError({ cause: new Error("closed") })), "unavailable"],
    ["anything else", sqlError(new SqlError.UnknownError({ cause: new Error("?") })), "unknown"],
    [
      "another errno",
      sqlError(new SqlError.UnknownError({ cause: Object.assign(new Error("x"), { code: "EACCES" }) })),
      "unknown"
    ]
  ]
  it.each(cases)("%s", (_, error, reason) => {
    const failure = SqlErrors.fromSqlError(error)
    expect(failure._tag === "WriteConflict" ? "conflict" : failure.reason).toBe(reason)
  })
})

describe("SqlErrors.retryIdempotent", () => {
  it.live("retries while the database is unavailable, then succeeds", () =>
    Effect.gen(function*() {
      let attempts = 0
      const flaky = Effect.suspend(() =>
        ++attempts < 3
          ? Effect.fail(new StorageError.StorageError({ reason: "unavailable", message: "gone" }))
          : Effect.succeed("row")
      )
      expect(yield* SqlErrors.retryIdempotent(flaky)).toBe("row")
      expect(attempts).toBe(3)
    }))

  it.live("does not retry other failures", () =>
    Effect.gen(function*() {
      let attempts = 0
      const failing = Effect.suspend(() => {
        attempts++
        return Effect.fail(new StorageError.StorageError({ reason: "constraint", message: "no" }))
      })
      const error = yield* Effect.flip(SqlErrors.retryIdempotent(failing))
      expect(error.reason).toBe("constraint")
      expect(attempts).toBe(1)
    }))

  it.live("gives up after the schedule's retries", () =>
    Effect.gen(function*() {
      let attempts = 0
      const down = Effect.suspend(() => {
        attempts++
        return Effect.fail(new StorageError.StorageError({ reason: "unavailable", message: "down" }))
      })
      const error = yield* Effect.flip(SqlErrors.retryIdempotent(down))
      expect(error.reason).toBe("unavailable")
      expect(attempts).toBe(6)
    }))
})

const failure = (statement: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    return yield* Effect.flip(sql.unsafe(statement).pipe(SqlErrors.mapSqlError("test")))
  })

for (const backend of backends) {
  describe(`SqlErrors from the database (${backend.name})`, () => {
    it.effect("maps what the database reports", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`INSERT INTO ticket_events (ticket_id, version, event_type, payload, recorded_at)
          VALUES ('T1', 1, 'Submitted', '{}', now())`
        yield* sql`INSERT INTO idempotency_keys (channel, key, ticket_id, recorded_at) VALUES ('email', 'k', 'T1', now())`

        const conflict = yield* failure(`INSERT INTO ticket_events (ticket_id, version, event_type, payload, recorded_at)
          VALUES ('T1', 1, 'Submitted', '{}', now())`)
        expect(conflict).toMatchObject({
          _tag: "WriteConflict",
          sqlState: "23505",
          constraint: "ticket_events_stream_version"
        })

        const duplicateKey = yield* failure(
          `INSERT INTO idempotency_keys (channel, key, ticket_id, recorded_at) VALUES ('email', 'k', 'T2', now())`
        )
        expect(duplicateKey).toMatchObject({ _tag: "StorageError", reason: "constraint" })
        expect(duplicateKey.message).toContain("SQLSTATE 23505, idempotency_keys_channel_key")

        expect(yield* failure(`INSERT INTO ticket_events (ticket_id, version, event_type, payload, recorded_at)
          VALUES ('T1', 0, 'Submitted', '{}', now())`)).toMatchObject({ _tag: "StorageError", reason: "constraint", message: expect.stringContaining("SQLSTATE 23514") })
        expect(yield* failure(`INSERT INTO timers (ticket_id, kind) VALUES ('T1', 'breach')`)).toMatchObject({
          reason: "constraint",
          message: expect.stringContaining("SQLSTATE 23502")
        })
        expect(yield* failure(`SELECT 'abc'::int`)).toMatchObject({ _tag: "StorageError", reason: "invalid-input", message: expect.stringContaining("SQLSTATE 22P02") })
        expect(yield* failure(`SELECT 1 / 0`)).toMatchObject({ _tag: "StorageError", reason: "invalid-input", message: expect.stringContaining("SQLSTATE 22012") })
        expect(yield* failure(`SELECT '{"a":'::jsonb`)).toMatchObject({ _tag: "StorageError", reason: "invalid-input", message: expect.stringContaining("SQLSTATE 22P02") })
        expect(yield* failure(`SELEC 1`)).toMatchObject({ _tag: "StorageError", reason: "unknown", message: expect.stringContaining("SQLSTATE 42601") })
      }).pipe(Effect.provide(backend.migrated())))
  })
}

describe.skipIf(serverUrl === undefined)("a dropped connection (postgres)", () => {
  // One connection, killed by the server's administrator between two reads.
  const client = PgServer.layer({ url: PgServer.url(serverUrl ?? ""), maxConnections: 1 })
  const admin = PgServer.layer({ url: PgServer.url(serverUrl ?? ""), maxConnections: 1 })

  it.live("is `unavailable`, and an idempotent read is retried on a new connection", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const [{ pid }] = (yield* sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`) as [{ pid: number }]
      yield* Effect.gen(function*() {
        const adminSql = yield* SqlClient.SqlClient
        yield* adminSql`SELECT pg_terminate_backend(${pid})`
      }).pipe(Effect.provide(Layer.fresh(admin)))

      const read = sql<{ answer: number }>`SELECT 42 AS answer, pg_backend_pid() AS pid`.pipe(
        SqlErrors.mapSqlError("read")
      )
      const first = yield* Effect.result(read)
      if (first._tag === "Failure") {
        expect(first.failure).toMatchObject({ _tag: "StorageError", reason: "unavailable" })
      }
      const rows = yield* SqlErrors.retryIdempotent(read)
      expect(rows[0]?.answer).toBe(42)
    }).pipe(Effect.provide(client)))
})
