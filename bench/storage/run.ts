/**
 * Raw-insert baseline for the storage (issue 5, "Performance"): the rate of single-row
 * INSERTs, each its own transaction, with 1 and 16 concurrent clients, on the PostgreSQL
 * server and on embedded PGlite, through the package's own layers (the same driver the
 * engine will use). Phase 2 runs the engine's intake in the same program and reports the
 * ratio engine ÷ raw.
 *
 *   npm run bench:storage                 # 5 s per point, median of 3 rounds
 *   npm run bench:storage -- --quick      # 1 s per point, 1 round
 *
 * The server is SPORTELLO_PG_URL (default postgres://postgres@127.0.0.1:5432/test); it is
 * skipped with a note when unreachable. Work happens in a throw-away schema; PGlite uses a
 * data directory on disk in the system's temporary directory. Results are printed and
 * written to bench/storage/results/raw-inserts.json.
 *
 * When `pgbench` is installed, the same INSERT is also run by pgbench (C, libpq, prepared
 * statements) against the same table in the same run: the figure the issue's targets were
 * measured with (about 6,400 inserts/s with 1 client and 25,000/s with 16 on an idle
 * machine). Absolute numbers move with the machine's load; compare within one run.
 */
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { cpus, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { Pglite, PgServer } from "@sportello/storage-postgres"

const quick = process.argv.includes("--quick")
const seconds = quick ? 1 : 5
const rounds = quick ? 1 : 3
const clientCounts = [1, 16] as const
const serverUrl = process.env["SPORTELLO_PG_URL"] || "postgres://postgres@127.0.0.1:5432/test"

type Mode = "autocommit" | "begin-commit"

interface Point {
  readonly layer: "postgres" | "pglite" | "pgbench"
  readonly mode: Mode
  readonly clients: number
  readonly insertsPerSecond: number
  readonly rounds: ReadonlyArray<number>
  readonly p50Ms: number
  readonly p99Ms: number
}

const ddl = [
  `CREATE TABLE raw_inserts (
    id bigserial PRIMARY KEY,
    external_ref text NOT NULL UNIQUE,
    channel text NOT NULL,
    state text NOT NULL,
    created_at timestamptz NOT NULL,
    payload jsonb NOT NULL
  )`
]

let sequence = 0

/** One client: inserts until the deadline; returns each insert's latency in ms. */
const client = (mode: Mode, deadline: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const latencies: Array<number> = []
    while (Date.now() < deadline) {
      const n = sequence++
      const insert = sql`INSERT INTO raw_inserts (external_ref, channel, state, created_at, payload)
        VALUES (${`ref-${process.pid}-${n}`}, 'email', 'open', ${new Date(yield* Clock.currentTimeMillis)},
          ${JSON.stringify({ subject: "Richiesta di informazioni", n })}::jsonb)`
      const start = performance.now()
      yield* mode === "autocommit" ? insert : sql.withTransaction(insert)
      latencies.push(performance.now() - start)
    }
    return latencies
  })

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const measure = (layer: Point["layer"], mode: Mode, clients: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rates: Array<number> = []
    const all: Array<number> = []
    yield* Effect.forEach(Array.from({ length: 200 }), () =>
      sql`INSERT INTO raw_inserts (external_ref, channel, state, created_at, payload)
        VALUES (${`warm-${sequence++}`}, 'email', 'open', now(), '{}')`, { discard: true })
    for (let round = 0; round < rounds; round++) {
      const start = performance.now()
      const deadline = Date.now() + seconds * 1000
      const latencies = (yield* Effect.all(Array.from({ length: clients }, () => client(mode, deadline)), {
        concurrency: "unbounded"
      })).flat()
      rates.push(latencies.length / ((performance.now() - start) / 1000))
      all.push(...latencies)
    }
    all.sort((a, b) => a - b)
    const point: Point = {
      layer,
      mode,
      clients,
      insertsPerSecond: Math.round(median(rates)),
      rounds: rates.map(Math.round),
      p50Ms: Number(percentile(all, 50).toFixed(3)),
      p99Ms: Number(percentile(all, 99).toFixed(3))
    }
    console.log(
      `${layer.padEnd(8)} ${mode.padEnd(12)} ${String(clients).padStart(2)} clients  ` +
        `${String(point.insertsPerSecond).padStart(7)} inserts/s  p50 ${point.p50Ms} ms  p99 ${point.p99Ms} ms`
    )
    return point
  })

const suite = (layer: Point["layer"]) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const statement of ddl) yield* sql.unsafe(statement)
    const points: Array<Point> = []
    for (const clients of clientCounts) {
      for (const mode of ["autocommit", "begin-commit"] as const) points.push(yield* measure(layer, mode, clients))
    }
    return points
  })

const onServer = Effect.gen(function*() {
  const schema = `bench_storage_${process.pid}`
  const admin = PgServer.layer({ url: PgServer.url(serverUrl), maxConnections: 1 })
  const exec = (statement: string) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(Effect.provide(admin))
  const settings = yield* Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ version: string; sync: string; shared: string }>`SELECT version(),
      current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS shared`).pipe(
    Effect.provide(admin)
  )
  console.log(`server: ${settings[0]?.version.split(" on ")[0]}, synchronous_commit=${settings[0]?.sync}, ` +
    `shared_buffers=${settings[0]?.shared}`)
  yield* exec(`CREATE SCHEMA ${schema}`)
  const withPgbench = Effect.gen(function*() {
    const points = yield* suite("postgres")
    for (const clients of clientCounts) {
      const point = pgbench(schema, clients)
      if (point !== undefined) points.push(point)
    }
    return points
  })
  return yield* withPgbench.pipe(
    Effect.provide(PgServer.layer({
      url: PgServer.url(serverUrl),
      maxConnections: Math.max(...clientCounts),
      startupParameters: { search_path: schema }
    })),
    Effect.ensuring(Effect.ignore(exec(`DROP SCHEMA ${schema} CASCADE`)))
  )
})

/** The same INSERT through pgbench, on the same table; undefined without pgbench. */
const pgbench = (schema: string, clients: number): Point | undefined => {
  try {
    execFileSync("pgbench", ["--version"], { stdio: "ignore" })
  } catch {
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), "sportello-pgbench-"))
  try {
    const script = join(dir, "insert.sql")
    writeFileSync(
      script,
      `INSERT INTO raw_inserts (external_ref, channel, state, created_at, payload) VALUES ` +
        `('pgbench-' || :client_id || '-' || random()::text || clock_timestamp()::text, 'email', 'open', now(), ` +
        `'{"subject": "Richiesta di informazioni"}');\n`
    )
    const url = new URL(serverUrl)
    url.searchParams.set("options", `-csearch_path=${schema}`)
    const rates: Array<number> = []
    for (let round = 0; round < rounds; round++) {
      const out = execFileSync(
        "pgbench",
        ["-n", "-M", "prepared", "-T", String(seconds), "-c", String(clients), "-j", String(Math.min(clients, 2)), "-f", script, url.toString()],
        { encoding: "utf8" }
      )
      rates.push(Number(/tps = ([0-9.]+)/.exec(out)?.[1] ?? 0))
    }
    const point: Point = {
      layer: "pgbench",
      mode: "autocommit",
      clients,
      insertsPerSecond: Math.round(median(rates)),
      rounds: rates.map(Math.round),
      p50Ms: Number.NaN,
      p99Ms: Number.NaN
    }
    console.log(
      `${"pgbench".padEnd(8)} ${"autocommit".padEnd(12)} ${String(clients).padStart(2)} clients  ` +
        `${String(point.insertsPerSecond).padStart(7)} inserts/s  (C, libpq)`
    )
    return point
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const onPglite = Effect.gen(function*() {
  const dataDir = mkdtempSync(join(tmpdir(), "sportello-bench-"))
  return yield* suite("pglite").pipe(
    Effect.provide(Pglite.layer({ dataDir })),
    Effect.ensuring(Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
  )
})

const program = Effect.gen(function*() {
  console.log(`raw single-row INSERTs, ${seconds} s per point, median of ${rounds} round(s); ` +
    `${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
  const server = yield* Effect.result(onServer)
  if (server._tag === "Failure") console.log(`server skipped: ${String(server.failure)}`)
  const pglite = yield* onPglite
  const points = [...(server._tag === "Success" ? server.success : []), ...pglite]
  const out = join(import.meta.dirname, "results")
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, "raw-inserts.json"),
    JSON.stringify(
      { date: new Date().toISOString(), quick, seconds, rounds, node: process.version, cpus: cpus().length, points },
      null,
      2
    ) + "\n"
  )
})

Effect.runPromise(program).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
