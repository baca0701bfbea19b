/**
 * `@sportello/storage-postgres`: Sportello's storage in PostgreSQL — on a server, or
 * embedded with PGlite (the default, nothing to install).
 *
 * @since 0.1.0
 */

/**
 * The configured storage: a PostgreSQL server when one is given, else PGlite.
 *
 * @since 0.1.0
 */
export * as Database from "./Database.ts"

/**
 * Versioned, forward-only, checksummed migrations.
 *
 * @since 0.1.0
 */
export * as Migrations from "./Migrations.ts"

/**
 * Embedded PGlite in a data directory.
 *
 * @since 0.1.0
 */
export * as Pglite from "./Pglite.ts"

/**
 * A PostgreSQL server.
 *
 * @since 0.1.0
 */
export * as PgServer from "./PgServer.ts"

/**
 * PostgreSQL's errors in the ports' terms: SQLSTATE → `StorageError` reasons or a conflict.
 *
 * @since 0.1.0
 */
export * as SqlErrors from "./SqlErrors.ts"

/**
 * The ports on PostgreSQL, ready for the engine: `layerPglite`, `layerServer`, `layerConfig`.
 *
 * @since 0.1.0
 */
export * as Storage from "./Storage.ts"

/**
 * `TicketStore` in SQL: events, read models, timers, outbox and idempotency key in one
 * transaction per commit.
 *
 * @since 0.1.0
 */
export * as SqlTicketStore from "./SqlTicketStore.ts"

/**
 * Statistics from counters the commits maintain: compaction, rebuild, reports.
 *
 * @since 0.1.0
 */
export * as SqlStatistics from "./SqlStatistics.ts"

/**
 * `Outbox` in SQL: claimed with `FOR UPDATE SKIP LOCKED` and a lease.
 *
 * @since 0.1.0
 */
export * as SqlOutbox from "./SqlOutbox.ts"

/**
 * `AttachmentStore` in SQL: bytes once per checksum, with their owners.
 *
 * @since 0.1.0
 */
export * as SqlAttachmentStore from "./SqlAttachmentStore.ts"
