/**
 * Versioned, forward-only, checksummed schema migrations, run by a function (the CLI's
 * `sportello migrate` calls `Migrations.run`).
 *
 * - Each migration is a list of SQL statements with a version (1, 2, 3, …) and a name.
 * - `run` applies the pending ones in order, all in one transaction: a failure leaves the
 *   database as it was.
 * - The SHA-256 of every applied migration is stored; when the code's copy of an applied
 *   migration differs, `run` fails with `MigrationError` (`checksum-mismatch`) and applies
 *   nothing. A database that has a version the code does not know fails the same way
 *   (`unknown-version`): it was migrated by newer code.
 * - Concurrent runners (two processes starting at once) serialise on a transaction-scoped
 *   advisory lock per schema: the second waits, then finds nothing to do.
 *
 * effect's `Migrator` was considered: it has no checksums and its lock makes a concurrent
 * runner fail rather than wait (decision 0010).
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { createHash } from "node:crypto"
import * as Initial from "./migrations/0001_event_log_and_queues.ts"
import * as ReadModels from "./migrations/0002_read_models_and_ports.ts"
import * as StatisticsCounters from "./migrations/0003_statistics_counters.ts"
import { StorageError } from "@sportello/core"
import * as SqlErrors from "./SqlErrors.ts"

/**
 * One schema change.
 *
 * @since 0.1.0
 * @category models
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: ReadonlyArray<string>
}

/**
 * The migrations of this package, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const all: ReadonlyArray<Migration> = [
  { version: 1, name: "event_log_and_queues", statements: Initial.statements },
  { version: 2, name: "read_models_and_ports", statements: ReadModels.statements },
  { version: 3, name: "statistics_counters", statements: StatisticsCounters.statements }
]

/**
 * The table that records applied migrations (in the current schema).
 *
 * @since 0.1.0
 * @category migrations
 */
export const table = "sportello_migrations"

/**
 * Why migrating failed.
 *
 * @since 0.1.0
 * @category errors
 */
export const MigrationErrorReason = Schema.Literals([
  "checksum-mismatch",
  "unknown-version",
  "invalid-list",
  "failed"
])

/**
 * Migrating failed; nothing was applied.
 *
 * @since 0.1.0
 * @category errors
 */
export class MigrationError extends Schema.TaggedError<MigrationError>()("MigrationError", {
  reason: MigrationErrorReason,
  message: Schema.String,
  version: Schema.optional(Schema.Number),
  cause: Schema.optional(Schema.Defect())
}) {}

/**
 * What `run` did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  /** The versions applied by this run, in order (empty when up to date). */
  readonly applied: ReadonlyArray<number>
  /** The schema's version after the run. */
  readonly current: number
}

/**
 * The SHA-256 (hex) of a migration's statements. Line endings are normalised and each
 * statement trimmed, so a checkout with CRLF line endings does not look like an edit.
 *
 * @since 0.1.0
 * @category migrations
 */
export const checksum = (migration: Migration): string =>
  createHash("sha256")
    .update(migration.statements.map((s) => s.replace(/\r\n/g, "\n").trim()).join("\n;\n"))
    .digest("hex")

/** Arbitrary first key of the advisory lock; the second is the schema's name. */
const LOCK_KEY = 0x5370 // "Sp"

const validate = (migrations: ReadonlyArray<Migration>): MigrationError | undefined => {
  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i]!
    if (m.version !== i + 1) {
      return new MigrationError({
        reason: "invalid-list",
        version: m.version,
        message: `migration "${m.name}" has version ${m.version}; versions must be 1, 2, 3, … in order`
      })
    }
    if (m.statements.length === 0) {
      return new MigrationError({ reason: "invalid-list", version: m.version, message: `migration ${m.version} is empty` })
    }
  }
  return undefined
}

interface AppliedRow {
  readonly version: number
  readonly name: string
  readonly checksum: string
}

/**
 * Applies the pending migrations (default: this package's) in the current schema.
 *
 * @since 0.1.0
 * @category migrations
 */
export const run = Effect.fn("Migrations.run")(function*(
  migrations: ReadonlyArray<Migration> = all
): Effect.fn.Return<Report, MigrationError | StorageError.StorageError, SqlClient.SqlClient> {
  const invalid = validate(migrations)
  if (invalid !== undefined) return yield* invalid
  const sql = yield* SqlClient.SqlClient
  const migrate = Effect.gen(function*() {
    yield* sql`SELECT pg_advisory_xact_lock(${LOCK_KEY}, hashtext(coalesce(current_schema(), '')))`
    yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${table} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL
    )`)
    const applied = yield* sql.unsafe<AppliedRow>(`SELECT version, name, checksum FROM ${table} ORDER BY version`)
    for (const row of applied) {
      const known = migrations[row.version - 1]
      if (known === undefined) {
        return yield* new MigrationError({
          reason: "unknown-version",
          version: row.version,
          message: `the database has migration ${row.version} ("${row.name}"), which this code does not know: ` +
            `it was migrated by a newer version`
        })
      }
      const expected = checksum(known)
      if (row.checksum !== expected) {
        return yield* new MigrationError({
          reason: "checksum-mismatch",
          version: row.version,
          message: `migration ${row.version} ("${known.name}") was changed after it was applied ` +
            `(applied ${row.checksum.slice(0, 12)}…, now ${expected.slice(0, 12)}…); ` +
            `restore it and add a new migration instead`
        })
      }
    }
    const pending = migrations.slice(applied.length)
    for (const migration of pending) {
      for (const statement of migration.statements) {
        yield* sql.unsafe(statement).pipe(
          SqlErrors.mapSqlError(`migration ${migration.version}`),
          Effect.mapError((cause) =>
            new MigrationError({
              reason: "failed",
              version: migration.version,
              message: `migration ${migration.version} ("${migration.name}") failed: ${cause.message}`,
              cause
            })
          )
        )
      }
      const now = new Date(yield* Clock.currentTimeMillis)
      yield* sql`INSERT INTO ${sql(table)} (version, name, checksum, applied_at)
        VALUES (${migration.version}, ${migration.name}, ${checksum(migration)}, ${now})`
    }
    return { applied: pending.map((m) => m.version), current: migrations.length } satisfies Report
  })
  return yield* sql.withTransaction(migrate).pipe(SqlErrors.mapSqlError("Migrations.run"), Effect.catchTag("WriteConflict", asStorageError))
})

/** Under the advisory lock no write can conflict; if one does, it is a bug to report. */
const asStorageError = (conflict: SqlErrors.WriteConflict) =>
  Effect.fail(new StorageError.StorageError({ reason: "unknown", message: conflict.message, cause: conflict }))

/**
 * The migrations applied to the current schema, oldest first (empty before the first run).
 *
 * @since 0.1.0
 * @category migrations
 */
export const applied = Effect.fn("Migrations.applied")(function*(): Effect.fn.Return<
  ReadonlyArray<{ readonly version: number; readonly name: string; readonly checksum: string; readonly appliedAt: Date }>,
  StorageError.StorageError,
  SqlClient.SqlClient
> {
  const sql = yield* SqlClient.SqlClient
  const [exists] = yield* sql<{ present: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS present`.pipe(
    SqlErrors.mapSqlError("Migrations.applied"),
    Effect.catchTag("WriteConflict", asStorageError)
  )
  if (exists?.present !== true) return []
  const rows = yield* sql.unsafe<{ version: number; name: string; checksum: string; applied_at: Date }>(
    `SELECT version, name, checksum, applied_at FROM ${table} ORDER BY version`
  ).pipe(SqlErrors.mapSqlError("Migrations.applied"), Effect.catchTag("WriteConflict", asStorageError))
  return rows.map((r) => ({ version: r.version, name: r.name, checksum: r.checksum, appliedAt: r.applied_at }))
})
