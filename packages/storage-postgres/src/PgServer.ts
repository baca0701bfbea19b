/**
 * A PostgreSQL server (15 or newer) through `@effect/sql-pg`'s pool: the scale-out engine.
 * Several engine processes share one server safely; work is claimed with
 * `FOR UPDATE SKIP LOCKED` (see docs/storage.md).
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import type { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql"

/**
 * Connection settings: a `url` (`postgres://user:password@host:port/database`), or the
 * parts; fields given beside a URL win. Every option of `@effect/sql-pg`'s pool is
 * accepted (`maxConnections`, `connectTimeout`, `ssl`, `startupParameters`, …).
 *
 * @since 0.1.0
 * @category models
 */
export type Options = PgClient.PgPoolConfig

const defaults: Partial<Options> = {
  applicationName: "sportello",
  maxConnections: 10
}

/**
 * A pooled client for a PostgreSQL server; provides `SqlClient` and `PgClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError> =>
  PgClient.layer({ ...defaults, ...options })

/**
 * As `layer`, with the options read from configuration.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Wrap<Options>
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError | Config.ConfigError> =>
  Layer.unwrap(Effect.map(Config.unwrap(config), layer))

/**
 * The server settings from the environment: `SPORTELLO_PG_URL`, or the parts
 * `SPORTELLO_PG_HOST`, `SPORTELLO_PG_PORT`, `SPORTELLO_PG_DATABASE`, `SPORTELLO_PG_USER`,
 * `SPORTELLO_PG_PASSWORD`; and `SPORTELLO_PG_MAX_CONNECTIONS` (default 10).
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = Config.all({
  url: Config.option(Config.Redacted("SPORTELLO_PG_URL")),
  host: Config.option(Config.String("SPORTELLO_PG_HOST")),
  port: Config.option(Config.Port("SPORTELLO_PG_PORT")),
  database: Config.option(Config.String("SPORTELLO_PG_DATABASE")),
  username: Config.option(Config.String("SPORTELLO_PG_USER")),
  password: Config.option(Config.Redacted("SPORTELLO_PG_PASSWORD")),
  maxConnections: Config.withDefault(Config.Int("SPORTELLO_PG_MAX_CONNECTIONS"), 10)
}).pipe(
  Config.map((c): Options => {
    const options: Record<string, unknown> = { maxConnections: c.maxConnections }
    for (const key of ["url", "host", "port", "database", "username", "password"] as const) {
      const value = c[key] as Option.Option<unknown>
      if (Option.isSome(value)) options[key] = value.value
    }
    return options as Options
  })
)

/**
 * A URL as the `url` option expects it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const url = (value: string): Redacted.Redacted => Redacted.make(value)
