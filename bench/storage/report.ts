/**
 * The results as a markdown section (tables, targets, plans), printed at the end of a run for
 * docs/benchmarks.md.
 */
import { fmt } from "./common.ts"
import type { Machine } from "./machine.ts"
import type { Plan, QueryPoint } from "./queries.ts"
import type { SeedReport } from "./seed.ts"

export type StorageKind = "postgres" | "pglite"

export interface IntakePoint {
  readonly storage: StorageKind
  /** `empty`: emptied before each round; `seeded`: the store of N tickets; `table`: the raw table. */
  readonly store: "empty" | "seeded" | "table"
  /** `replay`: the statements of one Engine.submit sent again with fresh codes, without the engine (replay.ts). */
  readonly kind: "raw autocommit" | "raw begin-commit" | "pgbench" | "engine" | "replay"
  readonly processes: number
  readonly clients: number
  /** Median over the rounds. */
  readonly perSecond: number
  readonly rounds: ReadonlyArray<number>
  readonly p50Ms: number
  readonly p99Ms: number
  /** CPU time of the Node.js process(es) per operation (with PGlite: the database too). */
  readonly nodeCpuMsPerOp?: number
  /** The share of the wall time the Node.js process(es) were on a CPU (1 = one core each). */
  readonly nodeBusy?: number
  /** CPU time of the PostgreSQL backends serving the connections, per operation. */
  readonly postgresCpuMsPerOp?: number
  readonly failures: number
  readonly firstFailure?: string
}

export interface StorageResult {
  readonly storage: StorageKind
  readonly database: { readonly version: string; readonly settings: Readonly<Record<string, string>> }
  readonly seed?: SeedReport
  readonly queries?: ReadonlyArray<QueryPoint>
  /** The statements of one `Engine.submit`, explained on the empty and on the seeded store. */
  readonly intakeStatements?: { readonly empty: ReadonlyArray<Plan>; readonly seeded?: ReadonlyArray<Plan> }
  readonly intake: ReadonlyArray<IntakePoint>
  readonly statisticsAfterIntake?: { readonly firstMs: number; readonly secondMs: number; readonly pendingChanges?: number }
  readonly seconds: number
}

export interface Results {
  readonly date: string
  readonly quick: boolean
  readonly secondsPerPoint: number
  readonly rounds: number
  readonly tickets: number
  readonly pgliteTickets: number
  readonly machine: Machine
  readonly loadStart: ReadonlyArray<number>
  readonly loadEnd: ReadonlyArray<number>
  readonly totalSeconds: number
  readonly storages: ReadonlyArray<StorageResult>
  readonly skipped: ReadonlyArray<string>
}

const name = (s: StorageKind) => (s === "postgres" ? "PostgreSQL server" : "PGlite (embedded)")
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : "—")
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : fmt(x, x < 100 ? 1 : 0)) : "—")
const millions = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : fmt(n))

export const find = (points: ReadonlyArray<IntakePoint>, kind: IntakePoint["kind"], store: IntakePoint["store"], clients: number, processes = 1) =>
  points.find((p) => p.kind === kind && p.store === store && p.clients === clients && p.processes === processes)

const ratio = (a: IntakePoint | undefined, b: IntakePoint | undefined) =>
  a === undefined || b === undefined ? Number.NaN : a.perSecond / b.perSecond

/** The median over the rounds of a ÷ b measured in the same round. */
export const roundRatio = (a: IntakePoint | undefined, b: IntakePoint | undefined): number => {
  if (a === undefined || b === undefined || a.rounds.length !== b.rounds.length) return Number.NaN
  const xs = a.rounds.map((x, i) => x / b.rounds[i]!).sort((p, q) => p - q)
  const mid = xs.length >> 1
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2
}

/** "a ÷ b (median of per-round ratios), met/missed" against a minimum. */
const against = (a: IntakePoint | undefined, b: IntakePoint | undefined, min: number, suffix = "") => {
  const x = ratio(a, b)
  if (!Number.isFinite(x)) return "not measured"
  const y = roundRatio(a, b)
  return `${pct(x)} (per round: ${pct(y)})${suffix} — ${x >= min ? "met" : "**missed**"}`
}

export const section = (r: Results): string => {
  const out: Array<string> = []
  const line = (s = "") => out.push(s)
  line("## Storage (issue 5)")
  line()
  line(`- Date: ${r.date}; ${r.quick ? "**quick run** (short points, small store: not the recorded figures)" : "full run"}; took ${fmt(r.totalSeconds / 60, 1)} min.`)
  line(`- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; ${r.machine.os}; Node ${r.machine.node}; commit ${r.machine.commit}${
    r.machine.uncommitted.length > 0 ? ` plus uncommitted changes in ${r.machine.uncommitted.join(", ")}` : ""
  }.`)
  line(`- Load average (1/5/15 min) at start ${r.loadStart.join(" / ")}, at end ${r.loadEnd.join(" / ")}: the machine has ${r.machine.cores} cores and other work runs on it, so compare figures of one run as ratios.`)
  for (const s of r.storages) {
    const set = Object.entries(s.database.settings).filter(([k]) => k !== "server_version").map(([k, v]) => `${k}=${v}`).join(", ")
    line(`- ${name(s.storage)}: ${s.database.version}; ${set}.`)
  }
  for (const s of r.skipped) line(`- Skipped: ${s}.`)
  line(`- Intake: ${r.secondsPerPoint} s per point, ${r.rounds} round(s), the points of a round interleaved (raw, engine on the emptied store, engine on the seeded store), median of the rounds; latencies over all rounds. CPU per operation: user + system time of the Node.js process(es) (with PGlite this includes the database, which runs in the process) and of the PostgreSQL backends serving the benchmark's connections (from /proc; the WAL writer and checkpointer are not counted); "Node busy" is the Node.js process's CPU time ÷ wall time (100 % = one core).`)
  line()

  line("### Intake through the engine against raw single-row INSERTs")
  line()
  line("| storage | what | store | processes × clients | per second | rounds | p50 ms | p99 ms | ÷ raw autocommit | CPU ms per op: Node / PostgreSQL | Node busy | failures |")
  line("|---|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|")
  for (const s of r.storages) {
    for (const p of s.intake) {
      const raw = find(s.intake, "raw autocommit", "table", p.clients, p.processes) ?? find(s.intake, "raw autocommit", "table", p.clients)
      const storeName = p.store === "empty" ? "empty" : p.store === "seeded" ? millions(s.seed?.tickets ?? 0) : "—"
      const what = p.kind === "engine"
        ? "`Engine.submit` (web form)"
        : p.kind === "replay"
        ? "its SQL replayed, no engine"
        : p.kind === "pgbench"
        ? "raw INSERT, pgbench (C)"
        : p.kind.replace("raw", "raw INSERT,")
      line(`| ${name(s.storage)} | ${what} | ${storeName} | ${p.processes} × ${p.clients} | ${
        fmt(p.perSecond)
      } | ${p.rounds.map((x) => fmt(x)).join(", ")} | ${ms(p.p50Ms)} | ${ms(p.p99Ms)} | ${p.kind === "raw autocommit" && p.store === "table" ? "1" : pct(ratio(p, raw))} | ${
        p.nodeCpuMsPerOp === undefined ? "—" : `${p.nodeCpuMsPerOp.toFixed(2)} / ${p.postgresCpuMsPerOp === undefined ? "—" : p.postgresCpuMsPerOp.toFixed(2)}`
      } | ${p.nodeBusy === undefined ? "—" : pct(p.nodeBusy)} | ${p.failures} |`)
    }
  }
  line()

  line("### Targets")
  line()
  line(`| target | ${r.storages.map((s) => name(s.storage)).join(" | ")} |`)
  line(`|---|${r.storages.map(() => "---").join("|")}|`)
  const met = (ok: boolean) => (ok ? "met" : "**missed**")
  const row = (label: string, f: (s: StorageResult) => string) => line(`| ${label} | ${r.storages.map(f).join(" | ")} |`)
  for (const clients of [1, 16]) {
    row(`engine intake ≥ 50 % of raw INSERTs, ${clients} client${clients > 1 ? "s" : ""} (empty store)`, (s) =>
      against(find(s.intake, "engine", "empty", clients), find(s.intake, "raw autocommit", "table", clients), 0.5))
  }
  for (const clients of [1, 16]) {
    row(`(for reference) the engine's SQL alone, replayed without the engine, ÷ raw INSERTs, ${clients} client${clients > 1 ? "s" : ""}`, (s) =>
      against(find(s.intake, "replay", "empty", clients), find(s.intake, "raw autocommit", "table", clients), 0.5))
  }
  row("the same, 16 clients over 2 processes (2 × 8; raw also 2 × 8)", (s) =>
    against(find(s.intake, "engine", "empty", 8, 2), find(s.intake, "raw autocommit", "table", 8, 2), 0.5))
  for (const clients of [1, 16]) {
    row(`intake with the seeded store ≥ 80 % of the empty store's, ${clients} client${clients > 1 ? "s" : ""}`, (s) =>
      against(find(s.intake, "engine", "seeded", clients), find(s.intake, "engine", "empty", clients), 0.8, ` with ${millions(s.seed?.tickets ?? 0)}`))
  }
  row("the same, 2 × 8 clients", (s) =>
    against(find(s.intake, "engine", "seeded", 8, 2), find(s.intake, "engine", "empty", 8, 2), 0.8))
  const reads = ["due timers", "status by code", "statistics, period all", "statistics, period month"]
  for (const read of reads) {
    row(`${read}: median and p99 < 5 ms`, (s) => {
      const q = s.queries?.find((x) => x.name === read)
      if (q === undefined) return "—"
      return `${ms(q.summary.medianMs)} / ${ms(q.summary.p99Ms)} ms (${met(q.summary.medianMs < 5 && q.summary.p99Ms < 5)})`
    })
  }
  line()

  line(`### Reads with the seeded store`)
  line()
  line("| storage | tickets | read (through the port) | median ms | p99 ms | max ms | calls | what it returned |")
  line("|---|--:|---|--:|--:|--:|--:|---|")
  for (const s of r.storages) {
    for (const q of s.queries ?? []) {
      line(`| ${name(s.storage)} | ${fmt(s.seed?.tickets ?? 0)} | \`${q.call}\` | ${ms(q.summary.medianMs)} | ${ms(q.summary.p99Ms)} | ${ms(q.summary.maxMs)} | ${q.summary.n} | ${q.result} |`)
    }
    if (s.statisticsAfterIntake !== undefined) {
      const a = s.statisticsAfterIntake
      line(`| ${name(s.storage)} | | statistics (month) right after the intake rounds${a.pendingChanges === undefined ? "" : ` (${fmt(a.pendingChanges)} changes to fold)`} | first ${ms(a.firstMs)}, then ${ms(a.secondMs)} | | | 2 | |`)
    }
  }
  line()

  line("### The seeded store")
  line()
  line("| storage | tickets | templates (engine) | copy (SQL) | counters rebuilt | VACUUM ANALYZE | total | size on disk | states |")
  line("|---|--:|--:|--:|--:|--:|--:|--:|---|")
  for (const s of r.storages) {
    const d = s.seed
    if (d === undefined) continue
    const bytes = d.sizes.reduce((sum, t) => sum + t.bytes, 0)
    const states = new Map<string, number>()
    for (const x of d.states) states.set(x.state, (states.get(x.state) ?? 0) + x.n)
    line(`| ${name(s.storage)} | ${fmt(d.tickets)} | ${d.templates} in ${fmt(d.templateSeconds, 1)} s | ${fmt(d.replicateSeconds, 0)} s | ${
      d.rebuildSeconds === undefined ? d.rebuild : `${fmt(d.rebuildSeconds, 1)} s`
    } | ${fmt(d.vacuumAnalyzeSeconds, 0)} s | ${fmt(d.totalSeconds / 60, 1)} min | ${fmt(bytes / 2 ** 30, 1)} GiB | ${
      [...states].map(([k, v]) => `${k} ${pct(v / d.tickets)}`).join(", ")
    } |`)
  }
  line()
  for (const s of r.storages) {
    if (s.seed === undefined) continue
    line(`${name(s.storage)}: ${s.seed.sizes.filter((t) => t.bytes > 1_000_000).map((t) => `${t.table} ${fmt(t.rows)} rows ${fmt(t.bytes / 2 ** 20)} MiB`).join("; ")}. Checks (must be 0 but the last two): ${
      Object.entries(s.seed.checks).filter(([k]) => k !== "tickets").map(([k, v]) => `${k} ${fmt(v)}`).join(", ")
    }.`)
    line()
  }

  for (const s of r.storages) {
    const st = s.intakeStatements
    if (st === undefined) continue
    line(`### What one \`Engine.submit\` sends (${name(s.storage)})`)
    line()
    line(`${st.empty.length} statements, plus BEGIN and COMMIT around all but the first. Server-side execution time from \`EXPLAIN (ANALYZE)\` of the same statements replayed in a rolled-back transaction (parse, protocol and the commit's WAL flush are not in it):`)
    line()
    line(`| # | statement | empty store ms | ${st.seeded === undefined ? "" : `${millions(s.seed?.tickets ?? 0)} tickets ms |`}`)
    line(`|--:|---|--:|${st.seeded === undefined ? "" : "--:|"}`)
    st.empty.forEach((p, i) => {
      const text = p.statement.length > 110 ? `${p.statement.slice(0, 110)} …` : p.statement
      line(`| ${i + 1} | \`${text.replace(/\|/g, "\\|")}\` | ${p.executionMs.toFixed(3)} | ${st.seeded === undefined ? "" : `${st.seeded[i]?.executionMs.toFixed(3) ?? "—"} |`}`)
    })
    const sum = (ps: ReadonlyArray<Plan>) => ps.reduce((x, p) => x + p.executionMs, 0)
    line(`| | total | ${sum(st.empty).toFixed(3)} | ${st.seeded === undefined ? "" : `${sum(st.seeded).toFixed(3)} |`}`)
    line()
  }

  line("### Plans (`EXPLAIN (ANALYZE, BUFFERS)` of the statements each read sends)")
  line()
  line("Each statement is prepared and executed 5 times, then explained: the plan the driver's prepared statement runs with from then on (PostgreSQL may switch to a generic plan, chosen without the parameters' values). When the plan with the values (the first 5 executions) has another shape, it is shown first.")
  line()
  const planBlock = (p: Plan) => {
    line("```")
    line(p.statement.length > 400 ? `${p.statement.slice(0, 400)} …` : p.statement)
    if (p.customPlan !== undefined) {
      line()
      line(`-- with the parameters' values (first 5 executions): ${p.customExecutionMs} ms`)
      line(p.customPlan)
      line()
      line(`-- prepared, from the 6th execution on: ${p.executionMs} ms`)
    }
    line()
    line(p.plan)
    line("```")
  }
  for (const s of r.storages) {
    for (const q of s.queries ?? []) {
      line(`<details><summary>${name(s.storage)} — ${q.name}</summary>`)
      line()
      for (const p of q.plans) planBlock(p)
      line()
      line("</details>")
      line()
    }
    const seeded = s.intakeStatements?.seeded
    if (seeded !== undefined) {
      line(`<details><summary>${name(s.storage)} — the statements of one Engine.submit, with ${millions(s.seed?.tickets ?? 0)} tickets</summary>`)
      line()
      for (const p of seeded) planBlock(p)
      line()
      line("</details>")
      line()
    }
  }
  line("Reproduce: `npm run bench:storage` at the repository root (`-- --quick` for a short run on a small store, `-- --tickets=N` for another size, `-- --pglite-tickets=N`, `-- --skip-pglite`, `-- --skip-server`, `-- --one-process`); PostgreSQL at `SPORTELLO_PG_URL` (default postgres://postgres@127.0.0.1:5432/test), in throw-away schemas. Raw figures in bench/storage/results/.")
  return out.join("\n")
}
