/**
 * Storage benchmark (issue 5, "Performance"), on the PostgreSQL server and on embedded PGlite:
 *
 * 1. Intake through the engine (`Engine.submit` of a citizen's web form, one transaction with
 *    events, read models, outbox and idempotency key) against raw single-row INSERTs — the same
 *    driver, server and settings, in the same run — with 1 and 16 concurrent clients; on the
 *    server also 16 clients spread over 2 processes (2 × 8), and pgbench when installed.
 * 2. A store of 1,000,000 tickets (seed.ts: templates through the engine, then copied in SQL),
 *    on which the due-timer claim, the status lookup and the public statistics are timed
 *    through the ports, with their plans, and intake is measured again.
 *
 *   npm run bench:storage                      # 3 s per point, 5 rounds, 1,000,000 tickets
 *   npm run bench:storage -- --quick           # 1 s per point, 1 round, 20,000 tickets
 *   npm run bench:storage -- --tickets=200000  # another store size (0: intake on the empty store only)
 *       --pglite-tickets=N  the store size on PGlite (default: --tickets)
 *       --templates=N       tickets written through the engine before copying (default 500)
 *       --seconds=N --rounds=N --skip-server --skip-pglite --one-process
 *
 * The rounds interleave the points (raw INSERTs, the engine on a store emptied before each
 * point, the engine on the seeded store), so that a change in the machine's load touches all of
 * them alike. The server is SPORTELLO_PG_URL (default postgres://postgres@127.0.0.1:5432/test):
 * two throw-away schemas, dropped at the end (also on Ctrl-C); PGlite uses data directories
 * in the system's temporary directory, removed at the end. Results: bench/storage/results/
 * storage.json (storage-quick.json for --quick), and a markdown section printed at the end.
 * Not part of `npm test`; nothing is asserted.
 */
import { PgServer } from "@sportello/storage-postgres"
import { Context, Effect, Fiber, Layer, type Scope } from "effect"
import { SqlClient } from "effect/sql"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type ChildConfig, childMain, runChildren } from "./child.ts"
import { applicationName, backends, type CpuMark, type CpuUse, mark, since } from "./cpu.ts"
import { fmt, type Options, parseOptions, seconds, summarize } from "./common.ts"
import { engineClient, engineOnPglite, engineOnServer, engineWarmup } from "./intake.ts"
import { databaseSettings, load, machine } from "./machine.ts"
import { intakeStatements, measureQueries, statisticsOnce } from "./queries.ts"
import { replayClient, template } from "./replay.ts"
import { createTable, pgbench, type RawMode, rawClient, rawWarmup } from "./raw.ts"
import { type IntakePoint, type Results, section, type StorageKind, type StorageResult } from "./report.ts"
import { seed, seedNowOf } from "./seed.ts"

const log = (line: string) => console.log(line)

type EngineContext = Context.Context<never>

/** Empties every table of the store in context but the migrations' and the raw table. */
const emptyStore = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tables = yield* sql<{ name: string }>`
    SELECT relname AS name FROM pg_class
    WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname NOT IN ('sportello_migrations', 'raw_inserts')`
  yield* sql.unsafe(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(", ")} RESTART IDENTITY`)
})

const truncateRaw = Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(`TRUNCATE raw_inserts`))

interface Sample {
  readonly cpu?: CpuUse | undefined
  readonly rate: number
  readonly latencies: ReadonlyArray<number>
  readonly failures: number
  readonly firstFailure?: string | undefined
}

/** `clients` concurrent clients until `seconds` have passed; CPU of this process and of `backendPids`. */
const inProcess = <R>(
  clients: number,
  secondsPerPoint: number,
  backendPids: ReadonlyArray<number>,
  client: (deadline: number) => Effect.Effect<{ latencies: Array<number>; failures: number; firstFailure?: string | undefined }, never, R>
) =>
  Effect.gen(function*() {
    const started = performance.now()
    const cpu = mark(backendPids)
    const deadline = Date.now() + secondsPerPoint * 1000
    const runs = yield* Effect.all(Array.from({ length: clients }, () => client(deadline)), { concurrency: "unbounded" })
    const used = since(cpu)
    const elapsed = (performance.now() - started) / 1000
    const latencies = runs.flatMap((r) => r.latencies)
    return {
      cpu: used,
      rate: latencies.length / elapsed,
      latencies,
      failures: runs.reduce((s, r) => s + r.failures, 0),
      firstFailure: runs.map((r) => r.firstFailure).find((f) => f !== undefined)
    } satisfies Sample
  })

type PointKey = Pick<IntakePoint, "kind" | "store" | "processes" | "clients">

/** Collects the samples of each point over the rounds. */
const collector = (storage: StorageKind) => {
  const points = new Map<string, { key: PointKey; samples: Array<Sample> }>()
  const add = (key: PointKey, sample: Sample) => {
    const id = `${key.kind}|${key.store}|${key.processes}|${key.clients}`
    const entry = points.get(id) ?? { key, samples: [] }
    entry.samples.push(sample)
    points.set(id, entry)
    const s = summarize(sample.latencies)
    const n = sample.latencies.length
    const cpu = sample.cpu === undefined || n === 0
      ? ""
      : `  cpu/op: node ${(sample.cpu.nodeMs / n).toFixed(2)} ms${
        sample.cpu.backendMs === undefined ? "" : `, postgres ${(sample.cpu.backendMs / n).toFixed(2)} ms`
      }; node busy ${((sample.cpu.nodeMs / sample.cpu.wallMs / key.processes) * 100).toFixed(0)} %`
    log(
      `  ${key.kind.padEnd(16)} ${key.store.padEnd(6)} ${key.processes} × ${String(key.clients).padStart(2)}  ${
        fmt(sample.rate).padStart(7)
      }/s  p50 ${s.medianMs} ms  p99 ${s.p99Ms} ms${cpu}${sample.failures > 0 ? `  ${sample.failures} failures (${sample.firstFailure})` : ""}`
    )
  }
  const result = (): Array<IntakePoint> =>
    [...points.values()].map(({ key, samples }) => {
      const rates = samples.map((s) => s.rate).sort((a, b) => a - b)
      const all = summarize(samples.flatMap((s) => s.latencies))
      const firstFailure = samples.map((s) => s.firstFailure).find((f) => f !== undefined)
      const measured = samples.filter((s) => s.cpu !== undefined && s.latencies.length > 0)
      const ops = measured.reduce((sum, s) => sum + s.latencies.length, 0)
      const nodeMs = measured.reduce((sum, s) => sum + s.cpu!.nodeMs, 0)
      const wallMs = measured.reduce((sum, s) => sum + s.cpu!.wallMs, 0)
      const withBackends = measured.filter((s) => s.cpu!.backendMs !== undefined)
      const backendOps = withBackends.reduce((sum, s) => sum + s.latencies.length, 0)
      const backendMs = withBackends.reduce((sum, s) => sum + s.cpu!.backendMs!, 0)
      const r3 = (x: number) => Math.round(x * 1000) / 1000
      return {
        storage,
        ...key,
        perSecond: Math.round(rates[Math.floor(rates.length / 2)] ?? Number.NaN),
        rounds: samples.map((s) => Math.round(s.rate)),
        p50Ms: all.medianMs,
        p99Ms: all.p99Ms,
        ...(ops > 0 ? { nodeCpuMsPerOp: r3(nodeMs / ops), nodeBusy: r3(nodeMs / wallMs / key.processes) } : {}),
        ...(backendOps > 0 ? { postgresCpuMsPerOp: r3(backendMs / backendOps) } : {}),
        failures: samples.reduce((s, x) => s + x.failures, 0),
        ...(firstFailure === undefined ? {} : { firstFailure })
      }
    })
  return { add, result }
}

interface Target {
  readonly storage: StorageKind
  /** The engine and ports on the store emptied before each point (also holds raw_inserts). */
  readonly empty: EngineContext
  /** The engine and ports on the store to seed; undefined when --tickets=0. */
  readonly full: EngineContext | undefined
  readonly tickets: number
  /** Server only: the schemas, for the processes of the 2 × 8 points. */
  readonly schemas?: { readonly empty: string; readonly full: string }
}

const measureStorage = (options: Options, target: Target) =>
  Effect.gen(function*() {
    const started = performance.now()
    const onEmpty = <A, E>(self: Effect.Effect<A, E, any>) => Effect.provide(self, target.empty) as Effect.Effect<A, E>
    const onFull = <A, E>(self: Effect.Effect<A, E, any>) => Effect.provide(self, target.full!) as Effect.Effect<A, E>
    const database = yield* onEmpty(databaseSettings)
    log(`${target.storage}: ${database.version}; ${Object.entries(database.settings).map(([k, v]) => `${k}=${v}`).join(", ")}`)
    yield* onEmpty(createTable)

    // -- the seeded store, and its reads
    let seedReport: StorageResult["seed"]
    let queries: StorageResult["queries"]
    let codes: ReadonlyArray<string> = []
    if (target.full !== undefined) {
      log(`${target.storage}: seeding ${fmt(target.tickets)} tickets`)
      const seeded = yield* onFull(seed({ total: target.tickets, templates: options.templates, seedNow: seedNowOf(Date.now()), log }))
      seedReport = seeded.report
      codes = seeded.codes
      log(`${target.storage}: seeded in ${seconds(seeded.report.totalSeconds * 1000)}; reads through the ports:`)
      queries = yield* onFull(measureQueries({ codes, now: Date.now(), quick: options.quick, log }))
    }

    // -- intake, interleaved
    log(`${target.storage}: intake, ${options.rounds} round(s) of ${options.seconds} s per point`)
    const points = collector(target.storage)
    yield* onEmpty(rawWarmup(16))
    yield* onEmpty(engineWarmup(16))
    if (target.full !== undefined) yield* onFull(engineWarmup(16))
    // One submission's statements, explained, on the (nearly) empty store and on the seeded one.
    yield* onEmpty(emptyStore)
    const statementsEmpty = yield* onEmpty(intakeStatements)
    const statementsSeeded = target.full === undefined ? undefined : yield* onFull(intakeStatements)
    log(`  one Engine.submit: ${statementsEmpty.length} statements besides BEGIN/COMMIT; server-side execution time, empty store${
      statementsSeeded === undefined ? "" : ` → seeded store`
    }:`)
    statementsEmpty.forEach((p, i) => {
      const seeded = statementsSeeded?.[i]
      log(`    ${p.executionMs.toFixed(3).padStart(7)} ms${seeded === undefined ? "" : ` → ${seeded.executionMs.toFixed(3).padStart(7)} ms`}${
        p.customPlan !== undefined || seeded?.customPlan !== undefined ? " (prepared plan differs from the one with values)" : ""
      }  ${p.statement.slice(0, 90)}`)
    })
    // The backends of this process's pools, listed before each point (pools keep their
    // connections: idleTimeout is an hour).
    const pidsOf = target.schemas === undefined ? Effect.succeed([]) : onEmpty(backends(applicationName()))
    const childApplication = `${applicationName()}-child`
    const replayed = yield* onEmpty(template)
    for (let round = 0; round < options.rounds; round++) {
      log(` round ${round + 1}`)
      for (const clients of [1, 16]) {
        for (const mode of ["autocommit", "begin-commit"] as const satisfies ReadonlyArray<RawMode>) {
          yield* onEmpty(truncateRaw)
          points.add(
            { kind: `raw ${mode}`, store: "table", processes: 1, clients },
            yield* onEmpty(inProcess(clients, options.seconds, yield* pidsOf, (deadline) => rawClient(mode, deadline)))
          )
        }
        if (target.schemas !== undefined) {
          yield* onEmpty(truncateRaw)
          const rate = pgbench(options.serverUrl, target.schemas.empty, clients, options.seconds)
          if (rate !== undefined) points.add({ kind: "pgbench", store: "table", processes: 1, clients }, { rate, latencies: [], failures: 0 })
        }
        yield* onEmpty(emptyStore)
        points.add(
          { kind: "engine", store: "empty", processes: 1, clients },
          yield* onEmpty(inProcess(clients, options.seconds, yield* pidsOf, engineClient))
        )
        yield* onEmpty(emptyStore)
        points.add(
          { kind: "replay", store: "empty", processes: 1, clients },
          yield* onEmpty(inProcess(clients, options.seconds, yield* pidsOf, (deadline) => replayClient(replayed, deadline)))
        )
        if (target.full !== undefined) {
          points.add(
            { kind: "engine", store: "seeded", processes: 1, clients },
            yield* onFull(inProcess(clients, options.seconds, yield* pidsOf, engineClient))
          )
        }
        if (clients === 16 && target.schemas !== undefined && options.twoProcesses) {
          const schemas = target.schemas
          const twice = (config: ChildConfig, beforeGo: Effect.Effect<unknown, unknown>) => {
            let cpu: CpuMark | undefined
            // Once the children are warm: empty the store if asked, then follow their backends.
            const ready = Effect.gen(function*() {
              yield* beforeGo
              cpu = mark(yield* onEmpty(backends(childApplication)))
            })
            let used: CpuUse | undefined
            const after = () => void (used = cpu === undefined ? undefined : since(cpu))
            return Effect.promise(() => runChildren(config, 2, options.seconds, () => Effect.runPromise(Effect.orDie(ready)), after)).pipe(
              Effect.map((r): Sample => {
                const first = r.results.map((x) => x.firstFailure).find((f) => f !== undefined)
                return {
                  ...(used === undefined ? {} : {
                    cpu: { ...used, nodeMs: r.results.reduce((s, x) => s + x.cpuMs, 0), wallMs: r.elapsedMs }
                  }),
                  rate: r.count / (r.elapsedMs / 1000),
                  latencies: r.results.flatMap((x) => x.latencies),
                  failures: r.results.reduce((s, x) => s + x.failures, 0),
                  ...(first === undefined ? {} : { firstFailure: first })
                }
              })
            )
          }
          const config = (mode: ChildConfig["mode"], schema: string): ChildConfig => ({
            serverUrl: options.serverUrl,
            applicationName: childApplication,
            schema,
            mode,
            clients: 8
          })
          points.add({ kind: "raw autocommit", store: "table", processes: 2, clients: 8 }, yield* twice(config("raw", schemas.empty), onEmpty(truncateRaw)))
          points.add({ kind: "engine", store: "empty", processes: 2, clients: 8 }, yield* twice(config("engine", schemas.empty), onEmpty(emptyStore)))
          if (target.full !== undefined) {
            points.add({ kind: "engine", store: "seeded", processes: 2, clients: 8 }, yield* twice(config("engine", schemas.full), Effect.void))
          }
        }
      }
    }

    // -- statistics right after the intake rounds: the first read folds what they changed
    let statisticsAfterIntake: StorageResult["statisticsAfterIntake"]
    if (target.full !== undefined) {
      const pending = yield* onFull(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const [exists] = yield* sql<{ present: boolean }>`SELECT to_regclass('statistics_changes') IS NOT NULL AS present`
        if (exists?.present !== true) return undefined
        const [row] = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM statistics_changes`
        return row?.n
      }))
      const firstMs = yield* onFull(statisticsOnce(Date.now()))
      const secondMs = yield* onFull(statisticsOnce(Date.now()))
      statisticsAfterIntake = { firstMs, secondMs, ...(pending === undefined ? {} : { pendingChanges: pending }) }
      log(`  statistics (month) after the intake rounds: first ${firstMs.toFixed(1)} ms${pending === undefined ? "" : ` (${pending} changes pending)`}, then ${secondMs.toFixed(1)} ms`)
    }
    return {
      storage: target.storage,
      database,
      ...(seedReport === undefined ? {} : { seed: seedReport }),
      ...(queries === undefined ? {} : { queries }),
      intakeStatements: { empty: statementsEmpty, ...(statementsSeeded === undefined ? {} : { seeded: statementsSeeded }) },
      intake: points.result(),
      ...(statisticsAfterIntake === undefined ? {} : { statisticsAfterIntake }),
      seconds: (performance.now() - started) / 1000
    } satisfies StorageResult
  })

/** Builds a layer in the current scope; its context. */
const build = <A, E>(layer: Layer.Layer<A, E>): Effect.Effect<EngineContext, E, Scope.Scope> =>
  Layer.build(layer) as unknown as Effect.Effect<EngineContext, E, Scope.Scope>

const onServer = (options: Options) =>
  Effect.gen(function*() {
    const admin = PgServer.layer({ url: PgServer.url(options.serverUrl), maxConnections: 1 })
    const exec = (statement: string) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(Effect.provide(admin))
    // schemas left by a run that was killed
    const stale = yield* Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql<{ name: string }>`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'bench_storage_%'`).pipe(Effect.provide(admin))
    for (const { name } of stale) {
      const pid = Number(/^bench_storage_(\d+)_/.exec(name)?.[1])
      let alive = false
      try {
        if (Number.isInteger(pid)) alive = process.kill(pid, 0)
      } catch {
        alive = false
      }
      if (!alive) {
        log(`dropping schema ${name}, left by an earlier run`)
        yield* exec(`DROP SCHEMA "${name}" CASCADE`)
      }
    }
    const schemas = { empty: `bench_storage_${process.pid}_empty`, full: `bench_storage_${process.pid}_full` }
    yield* Effect.acquireRelease(
      Effect.forEach([schemas.empty, schemas.full], (s) => exec(`CREATE SCHEMA ${s}`), { discard: true }),
      () => Effect.ignore(Effect.forEach([schemas.empty, schemas.full], (s) => exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`), { discard: true }))
    )
    const empty = yield* build(engineOnServer(options.serverUrl, schemas.empty, 16, applicationName()))
    const full = options.tickets > 0 ? yield* build(engineOnServer(options.serverUrl, schemas.full, 16, applicationName())) : undefined
    return yield* measureStorage(options, { storage: "postgres", empty, full, tickets: options.tickets, schemas })
  }).pipe(Effect.scoped)

const onPglite = (options: Options) =>
  Effect.gen(function*() {
    const root = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "sportello-bench-storage-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    const empty = yield* build(engineOnPglite(join(root, "empty")))
    const full = options.pgliteTickets > 0 ? yield* build(engineOnPglite(join(root, "full"))) : undefined
    return yield* measureStorage(options, { storage: "pglite", empty, full, tickets: options.pgliteTickets })
  }).pipe(Effect.scoped)

const main = (options: Options) =>
  Effect.gen(function*() {
    const started = performance.now()
    const loadStart = load()
    const m = machine()
    log(`storage benchmark, ${new Date().toISOString()}; ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; load ${loadStart.join(" / ")}`)
    log(`commit ${m.commit}${m.uncommitted.length > 0 ? `; uncommitted in packages/: ${m.uncommitted.join(", ")}` : ""}`)
    log(`${options.quick ? "quick: " : ""}${options.seconds} s per point, ${options.rounds} round(s); ${fmt(options.tickets)} tickets on the server, ${fmt(options.pgliteTickets)} on PGlite`)
    const storages: Array<StorageResult> = []
    const skipped: Array<string> = []
    if (options.server) {
      const server = yield* Effect.result(onServer(options))
      if (server._tag === "Success") storages.push(server.success)
      else {
        log(`server skipped: ${String(server.failure)}`)
        console.error(server.failure)
        skipped.push(`the PostgreSQL server (${String(server.failure)})`)
      }
    }
    if (options.pglite) storages.push(yield* onPglite(options))
    const loadEnd = load()
    const results: Results = {
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      quick: options.quick,
      secondsPerPoint: options.seconds,
      rounds: options.rounds,
      tickets: options.tickets,
      pgliteTickets: options.pgliteTickets,
      machine: m,
      loadStart,
      loadEnd,
      totalSeconds: (performance.now() - started) / 1000,
      storages,
      skipped
    }
    const out = join(import.meta.dirname, "results")
    mkdirSync(out, { recursive: true })
    const file = join(out, options.quick ? "storage-quick.json" : "storage.json")
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n")
    log(`\nload average at end ${loadEnd.join(" / ")}; total ${seconds(results.totalSeconds * 1000)}; results in ${file}\n`)
    log(section(results))
  })

if (process.argv[2] === "--child") {
  childMain(JSON.parse(process.argv[3]!) as ChildConfig).catch((error) => {
    console.error(error)
    process.exit(1)
  })
} else if (import.meta.main) {
  const fiber = Effect.runFork(main(parseOptions()))
  // Ctrl-C: interrupt, so that the schemas and data directories are removed.
  process.once("SIGINT", () => {
    log("interrupted: cleaning up")
    Effect.runFork(Fiber.interrupt(fiber))
  })
  fiber.addObserver((exit) => {
    if (exit._tag === "Failure") {
      console.error(String(exit.cause))
      process.exitCode = 1
    }
  })
}

