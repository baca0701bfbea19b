/**
 * Intake spread over two processes (server only): each child opens its own pool on the same
 * schema, warms up, says it is ready, and runs its clients from the instant the parent gives
 * until the deadline; the parent adds the counts. This measures how far the engine goes when
 * one Node.js thread is not the limit (several engine processes on one PostgreSQL is how the
 * design scales out).
 */
import { PgServer } from "@sportello/storage-postgres"
import { Effect, Layer } from "effect"
import { fork } from "node:child_process"
import { engineClient, engineOnServer, engineWarmup } from "./intake.ts"
import { rawClient, rawWarmup } from "./raw.ts"

export interface ChildConfig {
  readonly serverUrl: string
  readonly applicationName: string
  readonly schema: string
  readonly mode: "raw" | "engine"
  readonly clients: number
}

interface Ready {
  readonly ready: true
}
interface Go {
  readonly start: number
  readonly deadline: number
}
export interface ChildResult {
  /** CPU time of the child while its clients ran, ms. */
  readonly cpuMs: number
  readonly latencies: ReadonlyArray<number>
  readonly failures: number
  readonly firstFailure?: string | undefined
}

const waitFor = <A>(predicate: (m: unknown) => m is A) =>
  new Promise<A>((resolve) => {
    const listener = (m: unknown) => {
      if (predicate(m)) {
        process.off("message", listener)
        resolve(m)
      }
    }
    process.on("message", listener)
  })

/** The child's side: `run.ts --child <json>`. */
export const childMain = async (config: ChildConfig) => {
  process.on("disconnect", () => process.exit(0))
  const layer = config.mode === "raw"
    ? PgServer.layer({
      url: PgServer.url(config.serverUrl),
      maxConnections: config.clients,
      applicationName: config.applicationName,
      idleTimeout: "1 hour",
      startupParameters: { search_path: config.schema }
    })
    : engineOnServer(config.serverUrl, config.schema, config.clients, config.applicationName)
  const program = Effect.gen(function*() {
    yield* config.mode === "raw" ? rawWarmup(config.clients) : engineWarmup(config.clients)
    const go = yield* Effect.promise(() => {
      const next = waitFor((m): m is Go => typeof m === "object" && m !== null && "deadline" in m)
      process.send!({ ready: true } satisfies Ready)
      return next
    })
    yield* Effect.sleep(Math.max(0, go.start - Date.now()))
    const cpu = process.cpuUsage()
    const runs = yield* Effect.all(
      Array.from({ length: config.clients }, () =>
        config.mode === "raw" ? rawClient("autocommit", go.deadline) : engineClient(go.deadline)),
      { concurrency: "unbounded" }
    )
    const used = process.cpuUsage(cpu)
    const result: ChildResult = {
      cpuMs: (used.user + used.system) / 1000,
      latencies: runs.flatMap((r) => r.latencies),
      failures: runs.reduce((s, r) => s + r.failures, 0),
      firstFailure: runs.map((r) => (r as { readonly firstFailure?: string | undefined }).firstFailure).find((f) => f !== undefined)
    }
    yield* Effect.promise(() => new Promise<void>((done) => process.send!(result, () => done())))
    // Keep the pool (and its backends, whose CPU time the parent reads) until the parent
    // disconnects: then the process exits.
    return yield* Effect.never
  })
  await Effect.runPromise(program.pipe(Effect.provide(layer as Layer.Layer<never, unknown>) as never))
}

/**
 * The parent's side: starts `processes` children with `config`, waits until all are warm,
 * runs `beforeGo` (e.g. empties the store), then lets them run for `seconds`; `afterRun` runs
 * once they have reported, before they exit.
 */
export const runChildren = async (
  config: ChildConfig,
  processes: number,
  seconds: number,
  beforeGo: () => Promise<void>,
  afterRun: () => void
): Promise<{ readonly count: number; readonly elapsedMs: number; readonly results: ReadonlyArray<ChildResult> }> => {
  const children = Array.from({ length: processes }, () =>
    fork(new URL("./run.ts", import.meta.url).pathname, ["--child", JSON.stringify(config)], {
      execArgv: ["--conditions=source"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    }))
  try {
    const message = <A>(child: (typeof children)[number], predicate: (m: unknown) => m is A) =>
      new Promise<A>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`an intake child exited with ${code}`)))
        child.on("message", (m) => {
          if (predicate(m)) resolve(m)
        })
      })
    await Promise.all(children.map((c) => message(c, (m): m is Ready => typeof m === "object" && m !== null && "ready" in m)))
    await beforeGo()
    const results = children.map((c) => message(c, (m): m is ChildResult => typeof m === "object" && m !== null && "latencies" in m))
    const start = Date.now() + 200
    const deadline = start + seconds * 1000
    for (const c of children) c.send({ start, deadline } satisfies Go)
    const done = await Promise.all(results)
    afterRun()
    return { count: done.reduce((s, r) => s + r.latencies.length, 0), elapsedMs: deadline - start, results: done }
  } finally {
    // Wait until the children (and their pools' backends) are gone, so that their exit does not
    // take CPU from the next point.
    await Promise.all(children.map((c) =>
      new Promise<void>((done) => {
        if (c.exitCode !== null || c.signalCode !== null) return done()
        const timer = setTimeout(() => c.kill("SIGKILL"), 10_000)
        c.once("exit", () => {
          clearTimeout(timer)
          done()
        })
        if (c.connected) c.disconnect()
      })
    ))
    await new Promise((done) => setTimeout(done, 500))
  }
}
