/**
 * The ports of `@sportello/core` — `TicketStore`, `Outbox`, `AttachmentStore` — on
 * PostgreSQL, ready to give to the engine:
 *
 * - `layer` on the `SqlClient` in context (schema already migrated);
 * - `layerPglite({ dataDir })`: embedded PGlite, migrated on start — the zero-setup default;
 * - `layerServer({ url })`: a PostgreSQL server, migrated on start;
 * - `layerConfig`: a server when `SPORTELLO_PG_URL` (or `SPORTELLO_PG_HOST`) is set, else
 *   PGlite in `SPORTELLO_DATA_DIR` (default `.sportello/data`).
 *
 * The convenience layers also provide the `SqlClient` (and `PgClient`) they opened.
 *
 * @since 0.1.0
 */
import type { PgClient } from "@effect/sql-pg"
import type { AttachmentStore, Outbox, StorageError, TicketStore } from "@sportello/core"
import { type Config, Effect, Layer } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import * as Database from "./Database.ts"
import { storage } from "./internal/sql.ts"
import * as Migrations from "./Migrations.ts"
import * as Pglite from "./Pglite.ts"
import * as PgServer from "./PgServer.ts"
import * as SqlAttachmentStore from "./SqlAttachmentStore.ts"
import * as SqlOutbox from "./SqlOutbox.ts"
import * as SqlStatistics from "./SqlStatistics.ts"
import * as SqlTicketStore from "./SqlTicketStore.ts"

/**
 * The ports this package implements.
 *
 * @since 0.1.0
 * @category models
 */
export type Ports = TicketStore.TicketStore | Outbox.Outbox | AttachmentStore.AttachmentStore

/**
 * Options of the ports.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The largest accepted attachment, in bytes (default 20 MiB). */
  readonly maxAttachmentSize?: number | undefined
}

/**
 * Why opening the storage failed.
 *
 * @since 0.1.0
 * @category errors
 */
export type OpenError = SqlError.SqlError | Migrations.MigrationError | StorageError.StorageError

/**
 * The ports over the `SqlClient` in context. Migrate first (`Migrations.run`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Ports, never, SqlClient.SqlClient> =>
  Layer.mergeAll(
    SqlTicketStore.layer,
    SqlOutbox.layer,
    SqlAttachmentStore.layer({ maxSize: options.maxAttachmentSize })
  )

/**
 * The ports on a connection layer: migrates the schema (and folds the statistics changes
 * left pending), then provides the ports together with the connection's services.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOn = <ROut, E>(
  connection: Layer.Layer<ROut | SqlClient.SqlClient, E>,
  options: Options = {}
): Layer.Layer<Ports | ROut | SqlClient.SqlClient, E | Migrations.MigrationError | StorageError.StorageError> =>
  Layer.merge(
    layer(options),
    // Statistics changes a migration left (0003 counts the facts already stored) are folded now.
    Layer.effectDiscard(Effect.andThen(Migrations.run(), storage("SqlStatistics.compact")(SqlStatistics.compact())))
  ).pipe(Layer.provideMerge(connection))

/**
 * The ports on embedded PGlite in `dataDir` (default `"memory://"`: nothing kept), migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (
  options: Pglite.Options & Options = {}
): Layer.Layer<Ports | PgClient.PgClient | SqlClient.SqlClient | Pglite.Instance, OpenError> =>
  layerOn(Pglite.layer(options), options)

/**
 * The ports on a PostgreSQL server, migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (
  options: PgServer.Options & Options
): Layer.Layer<Ports | PgClient.PgClient | SqlClient.SqlClient, OpenError> => {
  const { maxAttachmentSize, ...server } = options
  return layerOn(PgServer.layer(server), { maxAttachmentSize })
}

/**
 * The ports on the storage the configuration names (`Database.layerConfig`), migrated.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<Ports | PgClient.PgClient | SqlClient.SqlClient, OpenError | Config.ConfigError> =
  layerOn(Database.layerConfig)
