/**
 * The reads that must stay fast with a million tickets, through the ports
 * (`TicketStore.claimTimers`, `TicketStore.status`, `TicketStore.statistics`): median and p99
 * over many calls, and the `EXPLAIN (ANALYZE, BUFFERS)` plan of every statement a call runs.
 *
 * The statements are not copied here: a `Statement.CurrentTransformer` records the SQL text and
 * parameters of each statement a port call sends, and the same text and parameters are then
 * explained (in a transaction that is rolled back, since EXPLAIN ANALYZE executes: the claim
 * updates rows) — as the prepared statement runs after 5 executions, and with the values when
 * that plan differs (see `explain`). So the plans follow the store's SQL as it changes.
 * Statements other than SELECT, WITH, INSERT, UPDATE and DELETE (e.g. SET TRANSACTION) are not
 * replayed.
 */
import { Engine, type StorageError, TicketStore } from "@sportello/core"
import { Data, Effect } from "effect"
import { SqlClient, Statement } from "effect/sql"
import { fmt, summarize, type Summary } from "./common.ts"
import { webForm } from "./intake.ts"

export interface Plan {
  readonly statement: string
  /** The plan the statement runs with once prepared and executed 5 times (see `explain`). */
  readonly plan: string
  /** Its "Execution Time", ms. */
  readonly executionMs: number
  /** The plan with the parameters' values, when its shape differs from `plan`. */
  readonly customPlan?: string
  readonly customExecutionMs?: number
}

export interface QueryPoint {
  readonly name: string
  readonly call: string
  readonly summary: Summary
  /** What one call returned, e.g. the number of timers claimed. */
  readonly result: string
  readonly plans: ReadonlyArray<Plan>
}

export interface Captured {
  readonly sql: string
  readonly params: ReadonlyArray<unknown>
}

/** Runs `self`, returning the statements it sent with their parameters. */
export const capture = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const transformer: Statement.Transformer = (statement) =>
      Effect.sync(() => {
        const [sql, params] = statement.compile()
        captured.push({ sql, params })
        return statement
      })
    const result = yield* self.pipe(Effect.provideService(Statement.CurrentTransformer, transformer))
    return { result, captured }
  })

class Rollback extends Data.TaggedError("Rollback")<{ readonly plans: ReadonlyArray<Plan> }> {}

const explainable = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`
const element = (v: unknown): string =>
  v === null || v === undefined ? "NULL" : `"${String(v instanceof Date ? v.toISOString() : v).replace(/["\\]/g, (c) => `\\${c}`)}"`
/** A parameter as an SQL literal, for EXECUTE (its type comes from the prepared statement). */
const literal = (v: unknown): string =>
  v === null || v === undefined
    ? "NULL"
    : typeof v === "number" || typeof v === "bigint" || typeof v === "boolean"
    ? String(v)
    : v instanceof Date
    ? quote(v.toISOString())
    : Array.isArray(v)
    ? quote(`{${v.map(element).join(",")}}`)
    : quote(String(v))

/** A plan without its numbers: two plans of one shape compare equal. */
const shape = (plan: string) =>
  plan.split("\n").filter((l) => !/^\s*(Buffers|Planning|Execution|Heap Fetches|Heap Blocks|Sort Method|Batches|Rows Removed|Memory|Worker)/.test(l) && !/^\s*Planning/.test(l))
    .map((l) => l.replace(/\(cost=[^)]*\)/g, "").replace(/\(actual[^)]*\)/g, "").replace(/'[^']*'(::[a-z ]+)?/g, "?").replace(/\$\d+/g, "?").trim())
    .join("\n")

const executionMs = (plan: string) => Number(/Execution Time: ([0-9.]+) ms/.exec(plan)?.[1] ?? Number.NaN)

let prepared = 0

/**
 * The plans of each captured statement, in one rolled-back transaction:
 * - the plan with the parameters' values (what the first executions of a prepared statement
 *   get: `EXPLAIN (ANALYZE, BUFFERS)` of the statement with its parameters);
 * - the plan a prepared statement keeps once it has run 5 times — the driver prepares every
 *   statement once per connection and PostgreSQL may then switch to a generic plan (chosen
 *   without the values): `PREPARE`, `EXECUTE` ×5, `EXPLAIN (ANALYZE, BUFFERS) EXECUTE`.
 * Each trial runs under a savepoint that is rolled back; then the statement runs once, so
 * that the next statement sees what it wrote (the statements of one submission in order).
 */
const explain = (captured: ReadonlyArray<Captured>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = (statement: string, params: ReadonlyArray<unknown> = []) =>
      Effect.map(sql.unsafe<{ "QUERY PLAN": string }>(statement, params), (rs) => rs.map((r) => r["QUERY PLAN"]).join("\n"))
    const undone = <A, E, R>(self: Effect.Effect<A, E, R>) =>
      Effect.gen(function*() {
        yield* sql.unsafe("SAVEPOINT bench_plan")
        const a = yield* self
        yield* sql.unsafe("ROLLBACK TO SAVEPOINT bench_plan")
        return a
      })
    const inTransaction = Effect.gen(function*() {
      const plans: Array<Plan> = []
      for (const c of captured) {
        // SET TRANSACTION and the like are not replayed (the plans do not depend on them)
        if (!explainable.test(c.sql)) continue
        const custom = yield* undone(rows(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params))
        const name = `bench_plan_${prepared++}`
        const args = c.params.length === 0 ? "" : `(${c.params.map(literal).join(", ")})`
        yield* sql.unsafe(`PREPARE ${name} AS ${c.sql}`)
        for (let i = 0; i < 5; i++) yield* undone(sql.unsafe(`EXECUTE ${name}${args}`))
        const kept = yield* undone(rows(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${name}${args}`))
        yield* sql.unsafe(`DEALLOCATE ${name}`)
        yield* sql.unsafe(c.sql, c.params)
        plans.push({
          statement: c.sql.replace(/\s+/g, " ").trim(),
          plan: kept,
          executionMs: executionMs(kept),
          ...(shape(custom) === shape(kept) ? {} : { customPlan: custom, customExecutionMs: executionMs(custom) })
        })
      }
      return yield* new Rollback({ plans })
    })
    return yield* sql.withTransaction(inTransaction).pipe(
      Effect.catchTag("Rollback", (r) => Effect.succeed(r.plans))
    )
  })

/**
 * Times `call` `iterations` times (after `warmup` calls), with `between` run untimed after each
 * timed call; stops early when `budgetMs` is spent (at least 5 timed calls).
 */
const timeIt = <A, E, R, E2, R2>(options: {
  readonly call: (i: number) => Effect.Effect<A, E, R>
  readonly between?: (a: A) => Effect.Effect<void, E2, R2>
  readonly iterations: number
  readonly warmup: number
  readonly budgetMs: number
}) =>
  Effect.gen(function*() {
    for (let i = 0; i < options.warmup; i++) {
      const a = yield* options.call(-1 - i)
      if (options.between !== undefined) yield* options.between(a)
    }
    const samples: Array<number> = []
    const started = performance.now()
    let last: A | undefined
    for (let i = 0; i < options.iterations; i++) {
      const t0 = performance.now()
      last = yield* options.call(i)
      samples.push(performance.now() - t0)
      if (options.between !== undefined) yield* options.between(last)
      if (i >= 4 && performance.now() - started > options.budgetMs) break
    }
    return { summary: summarize(samples), last: last as A }
  })

export interface QueryOptions {
  readonly codes: ReadonlyArray<string>
  readonly now: number
  readonly quick: boolean
  readonly log: (line: string) => void
}

/** How many timers are due at the claim's `now`: what one sweep a minute finds at 1M tickets a year. */
export const DUE_TIMERS = 10

/** Measures the three reads on the store in context. */
export const measureQueries = (options: QueryOptions) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const store = yield* TicketStore.TicketStore
    const { log } = options
    const points: Array<QueryPoint> = []
    const random = () => options.codes[Math.floor(Math.random() * options.codes.length)]!
    const budgetMs = options.quick ? 5_000 : 30_000

    // --- due timers: the instant at which exactly DUE_TIMERS unfired timers are due
    const [due] = yield* sql<{ due_at: Date | null; unfired: number; overdue: number }>`
      SELECT (SELECT due_at FROM timers WHERE fired_at IS NULL ORDER BY due_at OFFSET ${DUE_TIMERS - 1} LIMIT 1) AS due_at,
        (SELECT count(*)::int FROM timers WHERE fired_at IS NULL) AS unfired,
        (SELECT count(*)::int FROM timers WHERE fired_at IS NULL AND due_at <= ${new Date(options.now)}) AS overdue`
    const claimNow = due?.due_at?.getTime() ?? options.now
    const claimArgs = { now: claimNow, limit: 100, leaseMs: 60_000 }
    const release = (timers: ReadonlyArray<{ readonly key: string }>) =>
      sql`UPDATE timers SET claimed_until = NULL WHERE key = ANY(${timers.map((t) => t.key)}::text[])`.pipe(Effect.asVoid)
    const claim = yield* timeIt({
      call: () => store.claimTimers(claimArgs),
      between: release,
      iterations: options.quick ? 100 : 1000,
      warmup: 20,
      budgetMs
    })
    const claimStatements = yield* capture(store.claimTimers(claimArgs))
    yield* release(claimStatements.result)
    points.push({
      name: "due timers",
      call: `TicketStore.claimTimers({ now: ${new Date(claimNow).toISOString()}, limit: 100, leaseMs: 60000 })`,
      summary: claim.summary,
      result: `${claim.last.length} timers claimed of ${fmt(due?.unfired ?? 0)} unfired (${fmt(due?.overdue ?? 0)} already due at the time of the run, which a sweep would have fired); released after each call, untimed`,
      plans: yield* explain(claimStatements.captured)
    })

    // --- status by code, random existing codes
    const status = yield* timeIt({
      call: () => store.status(random() as never),
      iterations: options.quick ? 500 : 5000,
      warmup: 200,
      budgetMs
    })
    const statusStatements = yield* capture(store.status(random() as never))
    points.push({
      name: "status by code",
      call: "TicketStore.status(code), a random stored code each call",
      summary: status.summary,
      result: status.last._tag === "Some" ? `found (state ${status.last.value.state})` : "not found",
      plans: yield* explain(statusStatements.captured)
    })

    // --- statistics of the public page
    for (const period of ["all", "month"] as const) {
      const query = { period, asOf: options.now }
      const stats = yield* timeIt({
        call: () => store.statistics(query),
        iterations: options.quick ? 20 : 200,
        warmup: 2,
        budgetMs
      })
      const statsStatements = yield* capture(store.statistics(query))
      const last = stats.last[stats.last.length - 1]
      points.push({
        name: `statistics, period ${period}`,
        call: `TicketStore.statistics({ period: "${period}", asOf: now })`,
        summary: stats.summary,
        result: `${stats.last.length} report(s); ${last === undefined ? "" : `last ${last.period}: ${fmt(last.received)} received`}`,
        plans: yield* explain(statsStatements.captured)
      })
    }
    for (const p of points) {
      log(`  ${p.name.padEnd(24)} median ${String(p.summary.medianMs).padStart(9)} ms  p99 ${String(p.summary.p99Ms).padStart(9)} ms  (${p.summary.n} calls; ${p.result})`)
      for (const plan of p.plans) {
        log(`    ${plan.executionMs.toFixed(3).padStart(9)} ms prepared${
          plan.customPlan === undefined ? "" : ` (${plan.customExecutionMs?.toFixed(3)} ms with the values: another plan)`
        }  ${plan.statement.slice(0, 80)}`)
      }
    }
    return points
  })

/** One statistics read, timed: after intake rounds, the first one folds the pending changes. */
export const statisticsOnce = (now: number): Effect.Effect<number, StorageError.StorageError, TicketStore.TicketStore> =>
  Effect.gen(function*() {
    const store = yield* TicketStore.TicketStore
    const t0 = performance.now()
    yield* store.statistics({ period: "month", asOf: now })
    return performance.now() - t0
  })

class Undo extends Data.TaggedError("Undo")<{ readonly captured: ReadonlyArray<Captured>; readonly code: string }> {}

/**
 * The statements of one `Engine.submit` and the code it gave: the submission runs in a
 * transaction that is rolled back (the engine's own transaction becomes a savepoint in it), so
 * that nothing stays and the statements can be sent again.
 */
export const captureSubmit = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const engine = yield* Engine.Engine
  return yield* sql.withTransaction(Effect.gen(function*() {
    const run = yield* capture(engine.submit(webForm()))
    return yield* new Undo({ captured: run.captured, code: run.result.code })
  })).pipe(Effect.catchTag("Undo", (u) => Effect.succeed({ captured: u.captured, code: u.code })))
})

/**
 * The statements of one `Engine.submit`, replayed in order under EXPLAIN ANALYZE (`explain`).
 * Server-side execution time only: parsing, the protocol and the commit's WAL flush are not in it.
 */
export const intakeStatements = Effect.flatMap(captureSubmit, (c) => explain(c.captured))
