/**
 * Embedded PostgreSQL: PGlite (PostgreSQL 18 compiled to WebAssembly) in a data directory,
 * in this process — the zero-setup default. Nothing to install, nothing to start.
 *
 * The SQL goes through the same driver as for a PostgreSQL server (`@effect/sql-pg`), over
 * an in-process stream instead of a socket (decision 0009), so both layers run one SQL code
 * path with the same types, the same prepared statements and the same error codes.
 *
 * PGlite has one session: statements run one at a time, a transaction holds the database
 * until it ends, and only one process may open a data directory. A killed process loses no
 * committed transaction, but PGlite does not `fsync` on Node.js: an operating-system crash
 * or a power cut may lose the last ones. For several engine processes, or data that must
 * survive the machine, use a PostgreSQL server (`PgServer`).
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import { mkdir } from "node:fs/promises"
import { PgClient } from "@effect/sql-pg"
import { Config, Context, Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { SqlError } from "effect/sql"
import { Session } from "./internal/pgliteStream.ts"

/**
 * The PGlite instance behind the layer, for what SQL cannot do: `dumpDataDir()` for a
 * backup, `close()`. Never send SQL through it while the layer is in use: use `SqlClient`.
 *
 * @since 0.1.0
 * @category services
 */
export class Instance extends Context.Service<Instance, PGlite>()("@sportello/storage-postgres/Pglite/Instance") {}

/**
 * Where the data lives, and the session's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * A directory (created when missing) or `"memory://"` for a throw-away database.
   * Defaults to `"memory://"`.
   */
  readonly dataDir?: string | undefined
  /**
   * Session settings, as a server's startup parameters (e.g. `{ search_path: "tenant_a" }`).
   */
  readonly settings?: Readonly<Record<string, string>> | undefined
}

const open = (options: Options) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const dataDir = options.dataDir ?? "memory://"
        // PGlite creates only the last folder of the path: a fresh checkout has no parent yet
        if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true })
        return PGlite.create(dataDir)
      },
      catch: (cause) =>
        new SqlError.SqlError({
          reason: new SqlError.ConnectionError({
            cause,
            message: `Pglite: cannot open the database in ${options.dataDir ?? "memory://"}`,
            operation: "connect"
          })
        })
    }),
    (db) => Effect.promise(() => db.close())
  )

/**
 * A `PgClient` (and so a `SqlClient`) over an already open PGlite instance. The instance
 * stays open when the client's scope closes. PGlite has one session: while a client is
 * open, another client of the same instance waits for it to close.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = (db: PGlite, settings?: Readonly<Record<string, string>>) =>
  PgClient.makeClient({
    stream: Session.of(db).connect,
    ssl: false,
    database: "postgres",
    username: "postgres",
    applicationName: "sportello",
    ...(settings !== undefined ? { startupParameters: settings } : {})
  })

/**
 * Opens PGlite in `options.dataDir` and provides `SqlClient`, `PgClient` and the
 * `Instance`; closes it when the layer is released.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient | Instance, SqlError.SqlError> =>
  Layer.effectContext(
    Effect.gen(function*() {
      const db = yield* open(options)
      const context = yield* Layer.build(PgClient.layerFrom(makeClient(db, options.settings)))
      return Context.add(context, Instance, db)
    })
  )

/**
 * As `layer`, with the options read from configuration.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Wrap<Options>
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient | Instance, SqlError.SqlError | Config.ConfigError> =>
  Layer.unwrap(Effect.map(Config.unwrap(config), layer))
