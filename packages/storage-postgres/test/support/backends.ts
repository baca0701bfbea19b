/**
 * The two layers every storage suite runs on, with a fresh schema per test:
 * - `pglite`, always: one in-memory PGlite per test file (loaded from the template that
 *   globalSetup.ts made), a schema per test;
 * - `postgres`, when `SPORTELLO_PG_URL` is set (CI sets it): a schema per test on that
 *   server, dropped afterwards.
 * A suite is written once, as `for (const backend of backends) describe(backend.name, …)`.
 */
import { PGlite } from "@electric-sql/pglite"
import { PgClient } from "@effect/sql-pg"
import { Clock, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { readFileSync } from "node:fs"
import { afterAll, inject } from "vitest"
import { Migrations, Pglite, PgServer } from "../../src/index.ts"

export type Client = PgClient.PgClient | SqlClient.SqlClient

export interface Backend {
  readonly name: "pglite" | "postgres"
  /** Several sessions at once (a server); PGlite has one. */
  readonly concurrentSessions: boolean
  /** A client whose `search_path` is a new, empty schema, dropped when the layer is released. */
  readonly schema: () => Layer.Layer<Client>
  /** As `schema`, with this package's migrations applied. */
  readonly migrated: () => Layer.Layer<Client>
}

/**
 * The real clock, captured outside any test. Clients are built with it, so that a test that
 * moves `TestClock` moves the storage's "now" without freezing the pool's own timers.
 */
const liveClock = Effect.runSync(Clock.clockWith(Effect.succeed))
const withLiveClock = <A, E, R>(layer: Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  Layer.provide(layer, Layer.succeed(Clock.Clock, liveClock))

let counter = 0
const schemaName = () => `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`

const withMigrations = (layer: Layer.Layer<Client>): Layer.Layer<Client> =>
  Layer.effectDiscard(Effect.orDie(Migrations.run())).pipe(Layer.provideMerge(layer))

/** A layer built around a schema that exists for the layer's lifetime. */
const inSchema = (
  create: (name: string) => Effect.Effect<void>,
  drop: (name: string) => Effect.Effect<void>,
  client: (name: string) => Layer.Layer<Client, unknown>
): Layer.Layer<Client> =>
  Layer.unwrap(
    Effect.acquireRelease(Effect.sync(schemaName).pipe(Effect.tap(create)), drop).pipe(
      Effect.map((name) => withLiveClock(Layer.orDie(client(name))))
    )
  )

const pgliteBackend = (): Backend => {
  let db: Promise<PGlite> | undefined
  const instance = () =>
    (db ??= PGlite.create({ loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) }))
  afterAll(async () => {
    if (db !== undefined) await (await db).close()
  })
  const exec = (statement: string) => Effect.promise(async () => void (await (await instance()).exec(statement)))
  const schema = () =>
    inSchema(
      (name) => exec(`CREATE SCHEMA ${name}`),
      (name) => exec(`DROP SCHEMA ${name} CASCADE`),
      (name) =>
        Layer.unwrap(
          Effect.promise(instance).pipe(
            Effect.map((pg) => PgClient.layerFrom(Pglite.makeClient(pg, { search_path: name })))
          )
        )
    )
  return { name: "pglite", concurrentSessions: false, schema, migrated: () => withMigrations(schema()) }
}

const serverBackend = (url: string): Backend => {
  const exec = (statement: string) =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql.unsafe(statement)
    }).pipe(Effect.provide(PgServer.layer({ url: PgServer.url(url), maxConnections: 1 })), Effect.orDie)
  const schema = () =>
    inSchema(
      (name) => exec(`CREATE SCHEMA ${name}`),
      (name) => exec(`DROP SCHEMA ${name} CASCADE`),
      (name) =>
        PgServer.layer({ url: PgServer.url(url), maxConnections: 4, startupParameters: { search_path: name } })
    )
  return { name: "postgres", concurrentSessions: true, schema, migrated: () => withMigrations(schema()) }
}

/** The server's URL when the suites should also run on a server. */
export const serverUrl: string | undefined = process.env["SPORTELLO_PG_URL"] || undefined

/** The layers to run every suite on. */
export const backends: ReadonlyArray<Backend> = [
  pgliteBackend(),
  ...(serverUrl !== undefined ? [serverBackend(serverUrl)] : [])
]
