/**
 * The reference the issue sets for intake: single-row INSERTs, each its own transaction
 * (autocommit), and the same wrapped in BEGIN/COMMIT, through the package's own connection
 * layers (the driver the engine uses) — and, on the server, through pgbench (C, libpq,
 * prepared statements) when it is installed.
 */
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export type RawMode = "autocommit" | "begin-commit"

export const createTable = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS raw_inserts (
    id bigserial PRIMARY KEY,
    external_ref text NOT NULL UNIQUE,
    channel text NOT NULL,
    state text NOT NULL,
    created_at timestamptz NOT NULL,
    payload jsonb NOT NULL
  )`)
})

let sequence = 0
const ref = () => `ref-${process.pid}-${Date.now().toString(36)}-${sequence++}`

const insert = (sql: SqlClient.SqlClient, now: number) =>
  sql`INSERT INTO raw_inserts (external_ref, channel, state, created_at, payload)
    VALUES (${ref()}, 'email', 'open', ${new Date(now)},
      ${JSON.stringify({ subject: "Richiesta di informazioni", n: sequence })}::jsonb)`

/** One client: inserts until the deadline (epoch ms); each insert's latency in ms. */
export const rawClient = (mode: RawMode, deadline: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const latencies: Array<number> = []
    let failures = 0
    while (Date.now() < deadline) {
      const statement = insert(sql, yield* Clock.currentTimeMillis)
      const start = performance.now()
      const result = yield* Effect.result(mode === "autocommit" ? statement : sql.withTransaction(statement))
      if (result._tag === "Failure") failures++
      else latencies.push(performance.now() - start)
    }
    return { latencies, failures }
  })

/** A few hundred inserts before measuring: JIT, prepared statements, connections. */
export const rawWarmup = (clients: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* Effect.forEach(Array.from({ length: 200 }), () => insert(sql, Date.now()), {
      discard: true,
      concurrency: clients
    })
  })

const hasPgbench = (() => {
  let known: boolean | undefined
  return () => {
    if (known === undefined) {
      try {
        execFileSync("pgbench", ["--version"], { stdio: "ignore" })
        known = true
      } catch {
        known = false
      }
    }
    return known
  }
})()

/** pgbench's rate of the same INSERT on the same table (schema), or undefined without pgbench. */
export const pgbench = (serverUrl: string, schema: string, clients: number, seconds: number): number | undefined => {
  if (!hasPgbench()) return undefined
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
    const out = execFileSync(
      "pgbench",
      ["-n", "-M", "prepared", "-T", String(seconds), "-c", String(clients), "-j", String(Math.min(clients, 2)), "-f", script, url.toString()],
      { encoding: "utf8" }
    )
    return Number(/tps = ([0-9.]+)/.exec(out)?.[1] ?? Number.NaN)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
