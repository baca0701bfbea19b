/**
 * HTTP API benchmark (issue 6, "Performance"): requests per second and latency of the public
 * status lookup (`GET /api/status?code=`) and of the JSON web-form intake (`POST /api/requests`,
 * each with a new `submissionId`), on embedded PGlite and on the PostgreSQL server, with the
 * trivial `GET /api/health` on the same server as the same-run reference (the ceiling of the
 * HTTP stack, the engine and storage left out).
 *
 *   npm run bench:http                       # 2 s warm-up, then 10 s per point
 *   npm run bench:http -- --quick            # 1 s warm-up, then 3 s per point
 *   npm run bench:http -- --write-docs       # also rewrite the "HTTP API" section of docs/benchmarks.md
 *
 * The API runs in a child process (this file again, with `--serve`), so that the load generator
 * (autocannon, in this process) does not share its event loop. The server listens on 127.0.0.1,
 * port 0. The engine is the department's default configuration with two changes, both so that
 * the limiter is not what is measured (every request comes from 127.0.0.1, one client): the
 * status lookup limit (`Engine.Config.lookupLimit`) and the intake limit (`Server.Options.intakeLimit`)
 * are raised to 10^9 per second. The request logger is off.
 *
 * Storage: (a) PGlite in a fresh temporary data directory, removed afterwards; (b) the server
 * at SPORTELLO_PG_URL (default postgres://postgres@127.0.0.1:5432/test) in a fresh schema,
 * dropped afterwards (skipped with a note when unreachable). Staff tokens and the audit log are
 * in memory, as in the example application. Results are printed and written to
 * bench/http/results/http.json. Not part of `npm test`; nothing is asserted.
 */
import autocannon, { type RequestParams } from "autocannon"
import { AuditLog, Server, Tokens } from "@sportello/http"
import { Engine, LanguageDetector, TicketCodes } from "@sportello/core"
import { PgServer, Storage } from "@sportello/storage-postgres"
import { Effect, Layer } from "effect"
import { HttpServer } from "effect/http"
import { SqlClient } from "effect/sql"
import { execFileSync, fork } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os"
import { join } from "node:path"

const serverUrl = process.env["SPORTELLO_PG_URL"] || "postgres://postgres@127.0.0.1:5432/test"
const unlimited = { capacity: 1_000_000_000, perMs: 1000 } as const

type StorageKind = "pglite" | "postgres"

// -----------------------------------------------------------------------------
// the child: the API on the chosen storage
// -----------------------------------------------------------------------------

const serve = (kind: StorageKind, target: string) => {
  const storage = kind === "pglite"
    ? Storage.layerPglite({ dataDir: target })
    : Storage.layerServer({ url: PgServer.url(serverUrl), startupParameters: { search_path: target } })
  const engine = Engine.layer({ ...Engine.departmentDefaults, lookupLimit: unlimited }).pipe(
    Layer.provide(Layer.mergeAll(storage, TicketCodes.layer, LanguageDetector.layer))
  )
  const api = Server.layer({
    port: 0,
    host: "127.0.0.1",
    disableLogger: true,
    disableListenLog: true,
    intakeLimit: unlimited
  }).pipe(Layer.provide(Layer.mergeAll(engine, Tokens.layerMemory(), AuditLog.layerMemory())))
  const program = Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    process.send?.({ url: HttpServer.formatAddress(server.address) })
    return yield* Effect.never
  }).pipe(Effect.provide(api), Effect.scoped)
  process.on("disconnect", () => process.exit(0))
  Effect.runPromise(program).catch((error) => {
    console.error(error)
    process.exit(1)
  })
}

// -----------------------------------------------------------------------------
// the parent: load generator and report
// -----------------------------------------------------------------------------

interface Point {
  readonly storage: StorageKind
  readonly endpoint: "health" | "status" | "intake"
  readonly requestsPerSecond: number
  readonly total: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
}

const quick = process.argv.includes("--quick")
const writeDocs = process.argv.includes("--write-docs")
const seconds = quick ? 3 : 10
const warmupSeconds = quick ? 1 : 2
const connections = 10
const seedCount = 500
const runId = `${process.pid}-${Date.now().toString(36)}`
let submissions = 0

const form = () =>
  JSON.stringify({
    submissionId: `bench-${runId}-${String(submissions++).padStart(9, "0")}`,
    firstName: "Maria",
    lastName: "Rossi",
    email: "maria.rossi@example.it",
    kind: "information",
    subject: "Piano di emergenza comunale",
    text: "Vorrei sapere dove trovare il piano di emergenza del mio comune.",
    language: "it"
  })

const start = (kind: StorageKind, target: string) =>
  new Promise<{ url: string; stop: () => Promise<void> }>((resolve, reject) => {
    const child = fork(import.meta.filename, ["--serve", kind, target], {
      execArgv: ["--conditions=source"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    child.once("exit", (code) => reject(new Error(`the API child exited with ${code} before listening`)))
    child.once("message", (message) => {
      resolve({
        url: (message as { url: string }).url,
        stop: async () => {
          child.disconnect()
          const timer = setTimeout(() => child.kill("SIGKILL"), 5000)
          await exited
          clearTimeout(timer)
        }
      })
    })
  })

const seed = async (url: string): Promise<Array<string>> => {
  const codes: Array<string> = []
  for (let i = 0; i < seedCount; i++) {
    const response = await fetch(`${url}/api/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: form()
    })
    const body = (await response.json()) as { code?: string }
    if (response.status !== 201 || body.code === undefined) {
      throw new Error(`seeding: ${response.status} ${JSON.stringify(body)}`)
    }
    codes.push(body.code)
  }
  return codes
}

const load = (url: string, endpoint: Point["endpoint"], codes: ReadonlyArray<string>, duration: number) => {
  let next = 0
  const requests = endpoint === "health"
    ? [{ method: "GET", path: "/api/health" }]
    : endpoint === "status"
    ? [{
      method: "GET",
      setupRequest: (request: RequestParams) => ({
        ...request,
        path: `/api/status?code=${codes[next++ % codes.length]}`
      })
    }]
    : [{
      method: "POST",
      headers: { "content-type": "application/json" },
      setupRequest: (request: RequestParams) => ({ ...request, path: "/api/requests", body: form() })
    }]
  return autocannon({ url, connections, pipelining: 1, duration, timeout: 10, requests })
}

const measure = async (storage: StorageKind, url: string, codes: ReadonlyArray<string>) => {
  const points: Array<Point> = []
  for (const endpoint of ["health", "status", "intake"] as const) {
    await load(url, endpoint, codes, warmupSeconds)
    const r = await load(url, endpoint, codes, seconds)
    const point: Point = {
      storage,
      endpoint,
      requestsPerSecond: Math.round(r.requests.average),
      total: r.requests.total,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts
    }
    console.log(
      `${storage.padEnd(8)} ${endpoint.padEnd(6)} ${String(point.requestsPerSecond).padStart(7)} req/s  ` +
        `p50 ${point.p50Ms} ms  p99 ${point.p99Ms} ms  non-2xx ${point.non2xx}  errors ${point.errors}  timeouts ${point.timeouts}`
    )
    points.push(point)
  }
  return points
}

const run = async (storage: StorageKind, target: string) => {
  const api = await start(storage, target)
  try {
    const codes = await seed(api.url)
    return await measure(storage, api.url, codes)
  } finally {
    await api.stop()
  }
}

const onPglite = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sportello-bench-http-"))
  try {
    return await run("pglite", dataDir)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const onServer = async (): Promise<{ points: Array<Point>; version?: string } | { skipped: string }> => {
  const schema = `bench_http_${process.pid}`
  const admin = PgServer.layer({ url: PgServer.url(serverUrl), maxConnections: 1 })
  const exec = <A>(f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
    Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, f).pipe(Effect.provide(admin)))
  let version: string | undefined
  try {
    const rows = await exec((sql) => sql<{ version: string }>`SELECT version()`)
    version = rows[0]?.version.split(" on ")[0]
    await exec((sql) => sql.unsafe(`CREATE SCHEMA ${schema}`))
  } catch (error) {
    return { skipped: String(error) }
  }
  try {
    const points = await run("postgres", schema)
    return version === undefined ? { points } : { points, version }
  } finally {
    await exec((sql) => sql.unsafe(`DROP SCHEMA ${schema} CASCADE`)).catch((error) =>
      console.error(`could not drop schema ${schema}: ${String(error)}`)
    )
  }
}

// -----------------------------------------------------------------------------
// the report
// -----------------------------------------------------------------------------

const fmt = (n: number) => n.toLocaleString("en-US")
const load3 = (l: ReadonlyArray<number>) => l.map((x) => x.toFixed(2)).join(" / ")

const section = (report: {
  date: string
  machine: string
  node: string
  commit: string
  loadStart: ReadonlyArray<number>
  loadEnd: ReadonlyArray<number>
  postgres: string
  points: ReadonlyArray<Point>
}) => {
  const find = (s: StorageKind, e: Point["endpoint"]) => report.points.find((p) => p.storage === s && p.endpoint === e)
  const rows = report.points.map((p) => {
    const health = find(p.storage, "health")
    const share = p.endpoint === "health" || health === undefined
      ? "—"
      : `${((p.requestsPerSecond / health.requestsPerSecond) * 100).toFixed(0)} %`
    return `| ${p.storage === "pglite" ? "PGlite (embedded)" : "PostgreSQL server"} | ${
      p.endpoint === "health" ? "`GET /api/health` (reference)" : p.endpoint === "status" ? "`GET /api/status?code=`" : "`POST /api/requests` (JSON)"
    } | ${fmt(p.requestsPerSecond)} | ${p.p50Ms} | ${p.p99Ms} | ${fmt(p.non2xx)} | ${p.errors + p.timeouts} | ${fmt(p.total)} | ${share} |`
  })
  const target = (e: "status" | "intake", min: number) => {
    const p = find("postgres", e)
    if (p === undefined) return `| ${e} on the server: ≥ ${fmt(min)} req/s, p99 < 50 ms | not measured (server skipped) | **no** |`
    const rate = p.requestsPerSecond >= min
    const p99 = p.p99Ms < 50
    const clean = p.non2xx === 0 && p.errors === 0 && p.timeouts === 0
    const met = rate && p99 && clean
    return `| ${e === "status" ? "status lookup" : "intake"} on the server: ≥ ${fmt(min)} req/s, p99 < 50 ms | ${fmt(p.requestsPerSecond)} req/s (${
      rate ? "met" : "missed"
    }), p99 ${p.p99Ms} ms (${p99 ? "met" : "missed"})${clean ? "" : `, ${p.non2xx} non-2xx, ${p.errors + p.timeouts} errors`} | **${met ? "yes" : "no"}** |`
  }
  return [
    "<!-- http-api:start (generated by `npm run bench:http -- --write-docs`; edit outside the markers) -->",
    "## HTTP API",
    "",
    `- Date: ${report.date}; machine: ${report.machine}; Node ${report.node} (the \`node\` package from the root devDependencies); commit ${report.commit}.`,
    `- Load average at start ${load3(report.loadStart)}, at end ${load3(report.loadEnd)} (1/5/15 min; the machine has 2 cores, so anything well above 0 means something else ran during the run and took CPU from the server, the database and the load generator alike).`,
    `- The API (\`Server.layer\`, the department's default engine) in a child process on 127.0.0.1, port 0; autocannon 9.0.0 in the parent process, ${connections} connections, no pipelining, warm-up ${warmupSeconds} s, then ${seconds} s per point; the same server answers the three endpoints in turn (health, status, intake). Latencies are autocannon's, in whole milliseconds (0 means under 1 ms). At the health endpoint the single-threaded load generator is probably as much the limit as the server.`,
    `- **Rate limits raised for the benchmark**: \`Engine.Config.lookupLimit\` and \`Server.Options.intakeLimit\` are 10^9 per second (the defaults, 10 per minute per client, would answer 429 to nearly everything, since all requests come from 127.0.0.1). The request logger is off.`,
    `- Status: ${seedCount} tickets seeded through the intake, then looked up in turn by their codes. Intake: the JSON web form of a citizen (name, e-mail, kind, subject, text; no attachments), each with a new \`submissionId\`, so every request registers a ticket and its acknowledgement in the outbox.`,
    `- Storage: PGlite in a fresh temporary data directory (removed afterwards); ${report.postgres}, in a fresh schema dropped afterwards. Staff tokens and the audit log in memory.`,
    "",
    "| storage | endpoint | req/s | p50 ms | p99 ms | non-2xx | errors | requests | ÷ health |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ...rows,
    "",
    "### Targets (issue 6), on the server storage",
    "",
    "| target | measured | met? |",
    "|---|---|---|",
    target("status", 5000),
    target("intake", 500),
    "",
    "Reproduce: `npm ci && npm run bench:http` at the repository root (`-- --quick` for 3 s points, `-- --write-docs` to rewrite this section); PostgreSQL at `SPORTELLO_PG_URL` (default postgres://postgres@127.0.0.1:5432/test). Raw figures in bench/http/results/http.json. Not part of `npm test`.",
    "<!-- http-api:end -->"
  ].join("\n")
}

/** Replaces the section between the markers, or appends it. */
export const withSection = (doc: string, text: string) => {
  const begin = doc.indexOf("<!-- http-api:start")
  const endMarker = "<!-- http-api:end -->"
  const end = doc.indexOf(endMarker)
  if (begin >= 0 && end > begin) return doc.slice(0, begin) + text + doc.slice(end + endMarker.length)
  return doc.replace(/\n*$/, "\n\n") + text + "\n"
}

const main = async () => {
  const loadStart = loadavg()
  const model = cpus()[0]?.model.trim() ?? "unknown CPU"
  const machine = `${model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Linux ${release()}`
  let commit = "unknown"
  try {
    commit = execFileSync("git", ["log", "-1", "--format=%h %cs"], { encoding: "utf8" }).trim()
  } catch {
    // not a git checkout
  }
  console.log(`HTTP API, warm-up ${warmupSeconds} s, ${seconds} s per point, ${connections} connections; ${machine}; Node ${process.version}; load ${load3(loadStart)}`)
  const points: Array<Point> = []
  const server = await onServer()
  let postgres: string
  if ("skipped" in server) {
    console.log(`server skipped: ${server.skipped}`)
    postgres = `the PostgreSQL server was unreachable (${server.skipped}) and skipped`
  } else {
    points.push(...server.points)
    postgres = `the PostgreSQL server at ${new URL(serverUrl).host}${server.version === undefined ? "" : ` (${server.version})`}`
  }
  points.push(...(await onPglite()))
  // the server's rows first, then PGlite's, in the order health, status, intake
  const loadEnd = loadavg()
  const report = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine,
    node: process.version,
    commit,
    loadStart,
    loadEnd,
    postgres,
    quick,
    seconds,
    warmupSeconds,
    connections,
    points
  }
  const out = join(import.meta.dirname, "results")
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, "http.json"), JSON.stringify(report, null, 2) + "\n")
  console.log(`load average at end ${load3(loadEnd)}`)
  const text = section(report)
  if (writeDocs) {
    const docs = join(import.meta.dirname, "..", "..", "docs", "benchmarks.md")
    writeFileSync(docs, withSection(readFileSync(docs, "utf8"), text))
    console.log(`wrote the "HTTP API" section of ${docs}`)
  } else {
    console.log("\n" + text)
  }
}

if (process.argv[2] === "--serve") {
  serve(process.argv[3] as StorageKind, process.argv[4] ?? "")
} else if (import.meta.main) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
