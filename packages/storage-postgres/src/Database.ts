/**
 * The storage a deployment asked for: a PostgreSQL server when one is configured, else
 * embedded PGlite in a data directory — so that `sportello serve` works on a laptop with no
 * database installed and on a server with one, with the same code.
 *
 * @since 0.1.0
 */
import type { PgClient } from "@effect/sql-pg"
import { Config, Effect, Layer, Option } from "effect"
import type { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql"
import * as Pglite from "./Pglite.ts"
import * as PgServer from "./PgServer.ts"

/**
 * The data directory used when no server and no directory are configured.
 *
 * @since 0.1.0
 * @category config
 */
export const defaultDataDir = ".sportello/data"

/**
 * `PgServer.config` when `SPORTELLO_PG_URL` or `SPORTELLO_PG_HOST` is set; otherwise PGlite
 * in `SPORTELLO_DATA_DIR` (default `.sportello/data`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<
  PgClient.PgClient | SqlClient.SqlClient,
  SqlError.SqlError | Config.ConfigError
> = Layer.unwrap(
  Effect.gen(function*() {
    const url = yield* Config.option(Config.String("SPORTELLO_PG_URL"))
    const host = yield* Config.option(Config.String("SPORTELLO_PG_HOST"))
    if (Option.isSome(url) || Option.isSome(host)) {
      return PgServer.layer(yield* PgServer.config)
    }
    const dataDir = yield* Config.withDefault(Config.String("SPORTELLO_DATA_DIR"), defaultDataDir)
    return Pglite.layer({ dataDir })
  })
)
