import { PGlite } from "@electric-sql/pglite"
import { PgClient } from "@effect/sql-pg"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, type Duration, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Database, Migrations, Pglite, PgServer, SqlErrors } from "../src/index.ts"
import { Session } from "../src/internal/pgliteStream.ts"
import { serverUrl } from "./support/backends.ts"

const one = <A>(rows: ReadonlyArray<A>): A => rows[0]!

const withConfig = (env: Record<string, string>) =>
  ConfigProvider.layer(ConfigProvider.fromEnv({ env }))

describe("Pglite.layer", () => {
  it.live("keeps its data in the data directory across restarts", () =>
    Effect.gen(function*() {
      const dataDir = join(mkdtempSync(join(tmpdir(), "sportello-")), "data")
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
      const write = Effect.gen(function*() {
        yield* Migrations.run()
        const sql = yield* SqlClient.SqlClient
        yield* sql`INSERT INTO idempotency_keys (channel, key, ticket_id, recorded_at) VALUES ('web', 'k1', 'T1', now())`
      })
      yield* write.pipe(Effect.provide(Pglite.layer({ dataDir })))
      const read = Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const version = one(yield* sql<{ version: string }>`SELECT version()`).version
        const key = one(yield* sql<{ ticket_id: string }>`SELECT ticket_id FROM idempotency_keys`).ticket_id
        return { version, key, migrations: yield* Migrations.run() }
      })
      const after = yield* read.pipe(Effect.provide(Pglite.layer({ dataDir })))
      expect(after.version).toMatch(/^PostgreSQL 18\..*PGlite/)
      expect(after.key).toBe("T1")
      expect(after.migrations.applied).toEqual([])
    }))

  it.live("creates the data directory and its missing parents (npm start on a fresh checkout)", () =>
    Effect.gen(function*() {
      const root = mkdtempSync(join(tmpdir(), "sportello-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(root, { recursive: true, force: true })))
      const dataDir = join(root, ".sportello", "data")
      const version = yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return one(yield* sql<{ version: string }>`SELECT version()`).version
      }).pipe(Effect.provide(Pglite.layer({ dataDir })))
      expect(version).toMatch(/PGlite/)
    }))

  it.live("holds PGlite's one session for a transaction: another fiber's statement waits for it", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE seen (fiber text)`
      const order: Array<string> = []
      const transaction = sql.withTransaction(Effect.gen(function*() {
        yield* sql`INSERT INTO seen VALUES ('tx')`
        order.push("tx wrote")
        yield* Effect.sleep("150 millis")
        order.push("tx commits")
      }))
      const outside = Effect.delay(
        Effect.gen(function*() {
          const rows = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM seen`
          order.push(`outside read ${one(rows).n}`)
        }),
        "50 millis"
      )
      yield* Effect.all([transaction, outside], { concurrency: 2 })
      expect(order).toEqual(["tx wrote", "tx commits", "outside read 1"])
    }).pipe(Effect.provide(Pglite.layer())))

  it.live("applies session settings as a server applies startup parameters", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      expect(one(yield* sql<{ tz: string }>`SELECT current_setting('TimeZone') AS tz`).tz).toBe("Europe/Rome")
      expect(one(yield* sql<{ name: string }>`SELECT current_setting('application_name') AS name`).name).toBe(
        "sportello"
      )
    }).pipe(Effect.provide(Pglite.layer({ settings: { TimeZone: "Europe/Rome" } }))))

  it.live("a second client of the same instance waits until the first one closes", () =>
    Effect.gen(function*() {
      const db = yield* Effect.acquireRelease(Effect.promise(() => PGlite.create()), (db) => Effect.promise(() => db.close()))
      const order: Array<string> = []
      const client = (name: string, hold: Duration.Input) =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`SELECT 1`
          order.push(`${name} open`)
          yield* Effect.sleep(hold)
          order.push(`${name} closes`)
        }).pipe(Effect.provide(PgClient.layerFrom(Pglite.makeClient(db))))
      yield* Effect.all([client("a", "150 millis"), Effect.delay(client("b", "0 millis"), "50 millis")], {
        concurrency: 2
      })
      expect(order).toEqual(["a open", "a closes", "b open", "b closes"])
    }))
})

describe("Pglite's session", () => {
  it.live("a client that gives up waiting for it does not keep it from the next one", () =>
    Effect.gen(function*() {
      const db = yield* Effect.acquireRelease(Effect.promise(() => PGlite.create()), (db) => Effect.promise(() => db.close()))
      const client = (connectTimeout: Duration.Input) =>
        PgClient.layerFrom(
          PgClient.makeClient({ stream: Session.of(db).connect, ssl: false, username: "postgres", connectTimeout })
        )
      const select = Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return one(yield* sql<{ n: number }>`SELECT 1 AS n`).n
      })
      const holder = Effect.gen(function*() {
        yield* select
        yield* Effect.sleep("600 millis")
      }).pipe(Effect.provide(client("5 seconds")))
      const impatient = Effect.delay(Effect.result(select.pipe(Effect.provide(client("100 millis")))), "50 millis")
      const [, gaveUp] = yield* Effect.all([holder, impatient], { concurrency: 2 })
      expect(gaveUp._tag).toBe("Failure")
      expect(yield* select.pipe(Effect.provide(client("2 seconds")))).toBe(1)
    }))
})

describe("Database.layerConfig", () => {
  it.live("is embedded PGlite in SPORTELLO_DATA_DIR when no server is configured", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "sportello-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const version = yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return one(yield* sql<{ version: string }>`SELECT version()`).version
      }).pipe(Effect.provide(Database.layerConfig.pipe(Layer.provide(withConfig({ SPORTELLO_DATA_DIR: dir })))))
      expect(version).toContain("PGlite")
    }))

  it.live.skipIf(serverUrl === undefined)("is the server when SPORTELLO_PG_URL is set", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const row = one(yield* sql<{ version: string; app: string }>`
        SELECT version(), current_setting('application_name') AS app`)
      expect(row.version).not.toContain("PGlite")
      expect(row.app).toBe("sportello")
    }).pipe(Effect.provide(Database.layerConfig.pipe(Layer.provide(withConfig({ SPORTELLO_PG_URL: serverUrl! }))))))
})

describe.skipIf(serverUrl === undefined)("PgServer", () => {
  const url = new URL(serverUrl ?? "postgres://localhost/x")
  const parts = {
    SPORTELLO_PG_HOST: url.hostname,
    SPORTELLO_PG_PORT: url.port || "5432",
    SPORTELLO_PG_DATABASE: url.pathname.slice(1),
    SPORTELLO_PG_USER: decodeURIComponent(url.username),
    SPORTELLO_PG_MAX_CONNECTIONS: "2"
  }
  const whoAmI = Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    return one(yield* sql<{ db: string; user: string }>`SELECT current_database() AS db, current_user AS user`)
  })

  it.live("connects by URL", () =>
    Effect.gen(function*() {
      expect(yield* whoAmI).toEqual({ db: parts.SPORTELLO_PG_DATABASE, user: parts.SPORTELLO_PG_USER })
    }).pipe(Effect.provide(PgServer.layer({ url: PgServer.url(serverUrl!) }))))

  it.live("connects by parts read from configuration", () =>
    Effect.gen(function*() {
      expect(yield* whoAmI).toEqual({ db: parts.SPORTELLO_PG_DATABASE, user: parts.SPORTELLO_PG_USER })
    }).pipe(Effect.provide(PgServer.layerConfig(PgServer.config).pipe(Layer.provide(withConfig(parts))))))

  it.live("an unreachable server is `unavailable`", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`SELECT 1`
        }).pipe(
          Effect.provide(PgServer.layer({ host: "127.0.0.1", port: 1, connectTimeout: "2 seconds" })),
          Effect.mapError((e) => (e._tag === "SqlError" ? SqlErrors.fromSqlError(e) : e))
        )
      )
      expect(error).toMatchObject({ _tag: "StorageError", reason: "unavailable" })
    }))
})

describe("docs/storage.md", () => {
  it.live("the embedded example runs", () =>
    Effect.gen(function*() {
      const report = yield* Migrations.run()
      expect(report).toEqual({ applied: Migrations.all.map((m) => m.version), current: Migrations.all.length })
      const sql = yield* SqlClient.SqlClient
      const [row] = yield* sql<{ version: string }>`SELECT version()`
      expect(row!.version).toMatch(/^PostgreSQL 18.*PGlite/)
    }).pipe(Effect.provide(Pglite.layer({ dataDir: "memory://" }))))
})
