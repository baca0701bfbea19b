/**
 * A schema of its own on the PostgreSQL server, for tests whose child processes connect by
 * name (backends.ts keeps its schema names to itself): created and migrated when acquired,
 * dropped with everything in it when the scope closes.
 */
import { Effect, type Layer, type Scope } from "effect"
import { SqlClient } from "effect/sql"
import { Migrations, PgServer } from "../../src/index.ts"
import type { Client } from "./backends.ts"

/** A client on the server whose `search_path` is `schema`. */
export const client = (url: string, schema: string, maxConnections = 4): Layer.Layer<Client, unknown> =>
  PgServer.layer({ url: PgServer.url(url), maxConnections, startupParameters: { search_path: schema } })

const exec = (url: string, statement: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(statement)
  }).pipe(Effect.provide(PgServer.layer({ url: PgServer.url(url), maxConnections: 1 })), Effect.orDie)

/** A new schema named `<prefix>_<pid>_<time>`, migrated; dropped when the scope closes. */
export const migrated = (url: string, prefix: string): Effect.Effect<string, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => `${prefix}_${process.pid}_${Date.now().toString(36)}`).pipe(
      Effect.tap((name) => exec(url, `CREATE SCHEMA ${name}`))
    ),
    (name) => exec(url, `DROP SCHEMA ${name} CASCADE`)
  ).pipe(Effect.tap((name) => Migrations.run().pipe(Effect.provide(client(url, name, 1)), Effect.orDie)))
