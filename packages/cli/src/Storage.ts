/**
 * The one place where the CLI chooses its storage, from the flags (or the environment): a
 * PostgreSQL server when `--database-url` / `SPORTELLO_PG_URL` is given, else embedded PGlite
 * in `--data-dir` / `SPORTELLO_DATA_DIR`. Every command asks for the ports and never knows
 * which adapter answers.
 *
 * Tickets, outbox and attachments are `@sportello/storage-postgres`'s SQL ports (migrated
 * when opened); staff tokens and the audit log of the HTTP API are still in memory.
 *
 * @since 0.1.0
 */
import { type AttachmentStore, type Outbox, StorageError, type TicketStore } from "@sportello/core"
import { AuditLog, Tokens } from "@sportello/http"
import { Database, Pglite, PgServer, Storage } from "@sportello/storage-postgres"
import { Effect, Layer, Option, Redacted } from "effect"
import type { SqlClient, SqlError } from "effect/sql"

/**
 * Where the data lives.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** A PostgreSQL server's URL (`postgres://user:password@host:port/database`). */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** PGlite's data directory, used when there is no server. */
  readonly dataDir: string
}

/**
 * PGlite's default data directory: the same as `npm start`'s, so the CLI reads the Contact
 * Center's data.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultDataDir: string = Database.defaultDataDir

/**
 * Whether the ports keep tickets between runs: they do, in the chosen storage.
 *
 * @since 0.1.0
 * @category ports
 */
export const persistent: boolean = true

/**
 * A SQL connection to the chosen storage (for migrations).
 *
 * @since 0.1.0
 * @category layers
 */
export const sql = (options: Options): Layer.Layer<SqlClient.SqlClient, SqlError.SqlError> =>
  Option.match(options.databaseUrl, {
    onSome: (url) => PgServer.layer({ url }),
    onNone: () => Pglite.layer({ dataDir: options.dataDir })
  })

/**
 * The ports the engine and the HTTP API run on. Opening the storage (and migrating it) may
 * fail: as a `StorageError` that says which storage and why, like the ports' own failures.
 *
 * @since 0.1.0
 * @category layers
 */
export const ports = (
  options: Options
): Layer.Layer<
  TicketStore.TicketStore | Outbox.Outbox | AttachmentStore.AttachmentStore | Tokens.Tokens | AuditLog.AuditLog,
  StorageError.StorageError
> =>
  Layer.mergeAll(
    Layer.effectContext(
      Effect.mapError(Layer.build(Storage.layerOn(sql(options))), (e) =>
        e._tag === "StorageError"
          ? e
          : new StorageError.StorageError({
            reason: e._tag === "SqlError" ? "unavailable" : "unknown",
            message: `cannot open ${describe(options)}: ${e.message}`,
            cause: e
          }))
    ),
    Tokens.layerMemory(),
    AuditLog.layerMemory()
  )

/**
 * The storage in words, without a password.
 *
 * @since 0.1.0
 * @category formatting
 */
export const describe = (options: Options): string =>
  Option.match(options.databaseUrl, {
    onSome: (url) => {
      const text = Redacted.value(url)
      try {
        const u = new URL(text)
        return `PostgreSQL server ${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname}`
      } catch {
        return "PostgreSQL server"
      }
    },
    onNone: () => `embedded PGlite in ${options.dataDir}`
  })
