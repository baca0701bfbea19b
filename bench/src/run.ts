/**
 * The SLA-calculus benchmark: @sportello/core against moment-business-time, dayjs-business-time
 * and opening_hours, with a bare interval table as the bound and as the oracle.
 *
 *   npm run bench                         full run (warm-up 500 ms, median of 5 one-second rounds)
 *   npm run bench -- -- --quick           quick run (warm-up 200 ms, median of 3 rounds of 200 ms)
 *   npm run bench -- -- --write-docs      also rewrites the "SLA calculus" section of docs/benchmarks.md
 * (the root script calls the workspace's, hence the two `--`; with one, npm passes the flag on as
 * npm_config_quick / npm_config_write_docs, which works too, with a warning from npm).
 * Other flags: --rounds N, --round-ms MS, --warmup-ms MS, --libs a,b, --cases x,y, --json FILE.
 * The same settings can be given as BENCH_QUICK=1, BENCH_ROUNDS, BENCH_ROUND_MS, BENCH_WARMUP_MS,
 * BENCH_WRITE_DOCS=1, BENCH_JSON=FILE.
 *
 * Every library runs in child processes of its own (one per case for the timings, so that the JIT
 * of one case cannot slow down another) with TZ=Europe/Rome, on the same inputs (inputs.ts).
 */
import { spawn, spawnSync } from "node:child_process"
import { createInterface } from "node:readline"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import os from "node:os"
import { fileURLToPath } from "node:url"
import { CASES, CASE_IDS, type CaseId, type CaseInfo } from "./cases.ts"
import { DST_SUNDAYS, EMERGENCIES, SEED, UNIFORM_INPUTS, ZONE, checkDates } from "./config.ts"
import { makeInputs } from "./inputs.ts"
import { median } from "./measure.ts"
import { GUARD_CALLS, LOOP_GUARD } from "./libs/naReasons.ts"
import { showLocal } from "./zone.ts"

const ALL_LIBS = ["ours", "bound", "moment", "dayjs", "dayjs_local", "opening_hours"] as const
type LibName = (typeof ALL_LIBS)[number]
const PEERS: ReadonlyArray<LibName> = ["moment", "dayjs", "dayjs_local", "opening_hours"]
/** An answer that has not come after this long is an infinite loop (the slowest peer answer takes a few ms). */
const HANG_MS = Number(process.env.BENCH_HANG_MS ?? 2000)
/** Time allowed to a child for loading its library before its first line. */
const LOAD_MS = 60_000

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2)
const flag = (name: string): boolean => argv.includes(`--${name}`)
const value = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}
const env = process.env
const truthy = (v: string | undefined): boolean => v !== undefined && v !== "" && v !== "0" && v !== "false"
const quick = flag("quick") || truthy(env.BENCH_QUICK) || truthy(env.npm_config_quick)
const rounds = Number(value("rounds") ?? env.BENCH_ROUNDS ?? (quick ? 3 : 5))
const roundMs = Number(value("round-ms") ?? env.BENCH_ROUND_MS ?? (quick ? 200 : 1000))
const warmupMs = Number(value("warmup-ms") ?? env.BENCH_WARMUP_MS ?? (quick ? 200 : 500))
const writeDocs = flag("write-docs") || truthy(env.BENCH_WRITE_DOCS) || truthy(env.npm_config_write_docs)
const jsonOut = value("json") ?? env.BENCH_JSON
const libs = (value("libs")?.split(",") ?? [...ALL_LIBS]) as Array<LibName>
const caseIds = (value("cases")?.split(",") ?? [...CASE_IDS]) as Array<CaseId>
if (!libs.includes("ours") || !libs.includes("bound")) throw new Error("--libs must include ours and bound")

const here = fileURLToPath(new URL(".", import.meta.url))
const childPath = fileURLToPath(new URL("./child.ts", import.meta.url))
const docsPath = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url))

// ---------------------------------------------------------------- children
interface Meta {
  readonly name: string
  readonly label: string
  readonly version: string
  readonly setup: string
  readonly node: string
}
type Answer = number | string | null
interface Answers {
  readonly meta: Meta
  readonly answers: Partial<Record<CaseId, Array<Answer>>>
  readonly how: Partial<Record<CaseId, string>>
  readonly na: Partial<Record<CaseId, string>>
  readonly serviceDays: Array<boolean> | null
}
interface TimeResult {
  readonly opsPerSec: number
  readonly rounds: Array<number>
  readonly chunk: number
  readonly failed: number
  readonly tzCallsInRounds: number
}

interface ChildRun {
  readonly lines: Array<string>
  readonly status: number | null
  /** Killed by the watchdog: no line for HANG_MS (LOAD_MS before the first one). */
  readonly hung: boolean
  readonly stderr: string
}

/** Runs child.ts with TZ=Europe/Rome, collecting its lines, and kills it when it goes silent. */
const runChild = (args: ReadonlyArray<string>, extraEnv: Record<string, string> = {}, silenceMs = HANG_MS, totalMs = Infinity): Promise<ChildRun> =>
  new Promise((resolve) => {
    const proc = spawn(process.execPath, ["--conditions=source", childPath, ...args], {
      cwd: here,
      env: { ...env, ...extraEnv, TZ: ZONE },
      stdio: ["ignore", "pipe", "pipe"]
    })
    const lines: Array<string> = []
    let stderr = ""
    let hung = false
    let timer: NodeJS.Timeout | undefined
    const arm = (ms: number): void => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        hung = true
        proc.kill("SIGKILL")
      }, ms)
    }
    arm(Math.min(LOAD_MS + totalMs, 2 ** 31 - 1))
    const started = Date.now()
    createInterface({ input: proc.stdout }).on("line", (line) => {
      lines.push(line)
      arm(Number.isFinite(totalMs) ? Math.max(1, totalMs + LOAD_MS - (Date.now() - started)) : silenceMs)
    })
    proc.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    proc.on("close", (status) => {
      clearTimeout(timer)
      resolve({ lines, status, hung, stderr })
    })
  })

const errorOf = (run: ChildRun): string => {
  const err = run.stderr.trim().split("\n")
  const msg = err.find((l) => /Error|error:/.test(l)) ?? err.slice(-3).join(" ")
  return `exit ${run.status}: ${msg.slice(0, 300)}`
}
const isError = (x: unknown): x is { error: string } => typeof x === "object" && x !== null && "error" in x
const log = (s: string): void => void process.stderr.write(s + "\n")

// ---------------------------------------------------------------- run
const inputs = makeInputs()
const started = new Date()
const loadAtStart = os.loadavg()
if (loadAtStart[0]! > 0.5) log(`warning: load average ${loadAtStart[0]!.toFixed(2)} — something else is running; the figures will be noisy`)
log(`SLA calculus benchmark: ${libs.join(", ")}; ${quick ? "quick" : "full"} run (warm-up ${warmupMs} ms, median of ${rounds} rounds of ${roundMs} ms)`)
log(`inputs: ${inputs.receipts.length} receipts (${inputs.chosen} around DST changes + ${UNIFORM_INPUTS} uniform), sample ${inputs.sample.length}`)

const answers: Partial<Record<LibName, Answers>> = {}
const loadErrors: Partial<Record<LibName, string>> = {}
/** Sample positions, per library and case, whose answer never came. */
const hangs: Partial<Record<LibName, Partial<Record<CaseId, Array<number>>>>> = {}
for (const lib of libs) {
  const t0 = Date.now()
  let result: { meta: Meta; how: Answers["how"]; na: Answers["na"]; answers: Answers["answers"]; serviceDays: Array<boolean> | null } | undefined
  // The child answers in a fixed order of slots (case, sample position); `from` is where to start.
  let slots: Array<[number, number]> = []
  let from = 0
  for (;;) {
    const start = slots[from] ?? [0, 0]
    const run = await runChild([lib, "answers", String(start[0]), String(start[1])], { BENCH_GUARD: "1" })
    let received = from - 1
    for (const line of run.lines) {
      const x = JSON.parse(line) as unknown
      if (Array.isArray(x)) {
        const [c, k, v] = x as [number, number, Answer]
        result!.answers[CASE_IDS[c]!]![k] = v
        received++
      } else if (typeof x === "object" && x !== null && "meta" in x) {
        if (result === undefined) {
          const m = x as { meta: Meta; how: Answers["how"]; na: Answers["na"] }
          result = { meta: m.meta, how: m.how, na: m.na, answers: {}, serviceDays: null }
          CASE_IDS.forEach((id, c) => {
            if (m.how[id] === undefined) return
            result!.answers[id] = Array<Answer>(inputs.sample.length).fill(null)
            for (let k = 0; k < inputs.sample.length; k++) slots.push([c, k])
          })
        }
      } else if (typeof x === "object" && x !== null && "serviceDays" in x) {
        result!.serviceDays = (x as { serviceDays: Array<boolean> | null }).serviceDays
      }
    }
    if (!run.hung || result === undefined) {
      if (run.status !== 0 || result === undefined) loadErrors[lib] = run.hung ? "did not load in time" : errorOf(run)
      break
    }
    // The answer after the last one received never came: record it and resume after it.
    const stuck = slots[received + 1]
    if (stuck === undefined) break
    const id = CASE_IDS[stuck[0]]!
    result.answers[id]![stuck[1]] = `no answer after ${HANG_MS / 1000} s (infinite loop?)`
    ;((hangs[lib] ??= {})[id] ??= []).push(stuck[1])
    log(`  ${lib}: ${id} on ${showLocal(inputs.receipts[inputs.sample[stuck[1]]!]!)} did not return in ${HANG_MS / 1000} s; killed, resuming after it`)
    from = received + 2
    if (from >= slots.length) break
  }
  if (result !== undefined && loadErrors[lib] === undefined) {
    answers[lib] = result
    log(`  ${lib}: answers in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  } else log(`  ${lib}: FAILED ${loadErrors[lib] ?? "?"}`)
}

/** A time child (child.ts … time): warmed up once, then asked for rounds one at a time. */
interface RoundServer {
  readonly next: (timeoutMs: number) => Promise<string | undefined>
  readonly send: (line: string) => void
  readonly stderr: () => string
  readonly kill: () => void
}

const startServer = (args: ReadonlyArray<string>, extraEnv: Record<string, string>): RoundServer => {
  const proc = spawn(process.execPath, ["--conditions=source", childPath, ...args], {
    cwd: here,
    env: { ...env, ...extraEnv, TZ: ZONE },
    stdio: ["pipe", "pipe", "pipe"]
  })
  const queue: Array<string> = []
  let waiter: ((line: string | undefined) => void) | undefined
  let closed = false
  let stderr = ""
  createInterface({ input: proc.stdout }).on("line", (line) => {
    if (waiter !== undefined) {
      const w = waiter
      waiter = undefined
      w(line)
    } else queue.push(line)
  })
  proc.stderr.on("data", (d: Buffer) => {
    stderr += d.toString()
  })
  proc.stdin.on("error", () => {})
  proc.on("close", () => {
    closed = true
    const w = waiter
    waiter = undefined
    w?.(undefined)
  })
  return {
    next: (timeoutMs) =>
      new Promise((resolve) => {
        if (queue.length > 0) return resolve(queue.shift())
        if (closed) return resolve(undefined)
        const timer = setTimeout(() => {
          waiter = undefined
          proc.kill("SIGKILL")
          resolve(undefined)
        }, timeoutMs)
        waiter = (line) => {
          clearTimeout(timer)
          resolve(line)
        }
      }),
    send: (line) => {
      if (!closed) proc.stdin.write(line + "\n")
    },
    stderr: () => stderr,
    kill: () => proc.kill("SIGKILL")
  }
}

const timings: Partial<Record<CaseId, Partial<Record<LibName, TimeResult | { error: string }>>>> = {}
for (const id of caseIds) {
  timings[id] = {}
  const servers = new Map<LibName, RoundServer>()
  const chunks = new Map<LibName, number>()
  // Warm-ups one after the other, each on a machine the others leave alone.
  for (const lib of libs) {
    const sampleAnswers = answers[lib]?.answers[id]
    if (sampleAnswers === undefined) continue
    const looping = sampleAnswers.some((v) => typeof v === "string" && (v.includes(LOOP_GUARD) || v.startsWith("no answer")))
    // A library that loops on some inputs is timed with its loop guard on, leaving out the
    // operations that hit it (their count and their time); see measure.ts.
    const srv = startServer([lib, "time", id, String(warmupMs)], looping ? { BENCH_GUARD: "1", BENCH_TOLERANT: "1" } : {})
    const ready = await srv.next(LOAD_MS + warmupMs * 3 + 30_000)
    if (ready === undefined) {
      timings[id]![lib] = { error: `did not warm up: ${srv.stderr().trim().split("\n").slice(-2).join(" ").slice(0, 300)}` }
      srv.kill()
      continue
    }
    servers.set(lib, srv)
    chunks.set(lib, (JSON.parse(ready) as { chunk: number }).chunk)
  }
  // Rounds interleaved: round k of every library, in an order that turns from round to round.
  const ops = new Map<LibName, Array<number>>()
  const failed = new Map<LibName, number>()
  for (let k = 0; k < rounds; k++) {
    const active = [...servers.keys()]
    const order = active.map((_, j) => active[(j + k) % active.length]!)
    for (const lib of order) {
      const srv = servers.get(lib)!
      srv.send(`round ${roundMs}`)
      const line = await srv.next(roundMs * 5 + 30_000)
      if (line === undefined) {
        timings[id]![lib] = { error: "a round did not finish" }
        servers.delete(lib)
        continue
      }
      const r = (JSON.parse(line) as { round: { opsPerSec: number; failed: number } }).round
      ops.set(lib, [...(ops.get(lib) ?? []), r.opsPerSec])
      failed.set(lib, (failed.get(lib) ?? 0) + r.failed)
    }
  }
  for (const [lib, srv] of servers) {
    srv.send("end")
    const line = await srv.next(30_000)
    const end = line === undefined ? undefined : (JSON.parse(line) as { tzCallsInRounds: number })
    srv.kill()
    const rs = ops.get(lib) ?? []
    const t: TimeResult = { opsPerSec: median(rs), rounds: rs, chunk: chunks.get(lib) ?? 0, failed: failed.get(lib) ?? 0, tzCallsInRounds: end?.tzCallsInRounds ?? NaN }
    timings[id]![lib] = t
  }
  for (const lib of libs) {
    const t = timings[id]![lib]
    if (t === undefined) continue
    log(`  ${id.padEnd(8)} ${lib.padEnd(14)} ${isError(t) ? t.error : `${fmtOps(t.opsPerSec)} ops/s (rounds ${t.rounds.map(fmtOps).join(", ")})`}${!isError(t) && t.failed > 0 ? ` (${t.failed} operations hit the loop guard and were left out)` : ""}`)
  }
}

// ---------------------------------------------------------------- analysis
function fmtOps(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e7 ? 1 : 2)} M`
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e4 ? 1 : 2)} k`
  return x.toFixed(x >= 100 ? 0 : 1)
}
const fmtRatio = (x: number): string => `${x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(x >= 10 ? 1 : 2)}×`
const opsOf = (id: CaseId, lib: LibName): number | undefined => {
  const t = timings[id]?.[lib]
  return t === undefined || isError(t) ? undefined : t.opsPerSec
}
const fastestPeer = (id: CaseId): { lib: LibName; ops: number } | undefined => {
  let best: { lib: LibName; ops: number } | undefined
  for (const p of PEERS) {
    const o = opsOf(id, p)
    if (o !== undefined && (best === undefined || o > best.ops)) best = { lib: p, ops: o }
  }
  return best
}
const caseInfo = (id: CaseId): CaseInfo => CASES.find((c) => c.id === id)!
const label = (lib: LibName): string => answers[lib]?.meta.label ?? lib

interface Diff {
  readonly count: number
  readonly chosen: number
  readonly uniform: number
  /** Answers that never came or threw. */
  readonly failed: number
  readonly examples: Array<number>
}
const compare = (id: CaseId, lib: LibName, against: LibName): Diff | undefined => {
  const mine = answers[lib]?.answers[id]
  const ref = answers[against]?.answers[id]
  if (mine === undefined || ref === undefined) return undefined
  let chosen = 0
  let uniform = 0
  let failed = 0
  const byKind = new Map<string, Array<number>>()
  mine.forEach((v, k) => {
    if (v === ref[k]) return
    const i = inputs.sample[k]!
    if (inputs.isChosen(i)) chosen++
    else uniform++
    if (typeof v !== "number") failed++
    // Show one example of each kind: a failure, a wrong answer among the DST-chosen inputs, among the uniform ones.
    const kind = typeof v !== "number" ? "failed" : inputs.isChosen(i) ? "chosen" : "uniform"
    byKind.set(kind, [...(byKind.get(kind) ?? []), k])
  })
  const examples = ["failed", "chosen", "uniform"].flatMap((kind) => byKind.get(kind)?.slice(0, 1) ?? [])
  return { count: chosen + uniform, chosen, uniform, failed, examples }
}

const showAnswer = (id: CaseId, v: Answer | undefined): string => {
  if (typeof v === "string") return v
  if (v === null || v === undefined) return "none"
  return caseInfo(id).answer === "instant" ? showLocal(v) : `${(v / 60_000).toLocaleString("en-US")} min`
}
const showDelta = (id: CaseId, a: Answer | undefined, b: Answer | undefined): string => {
  if (typeof a !== "number" || typeof b !== "number") return ""
  const d = (b - a) / 60_000
  const sign = d > 0 ? "+" : "−"
  const abs = Math.abs(d)
  const text = abs % 60 === 0 ? `${abs / 60} h` : `${abs} min`
  return ` (${sign}${text}${caseInfo(id).answer === "duration" ? " of service time" : ""})`
}

// ---------------------------------------------------------------- report
const lscpu = spawnSync("lscpu", [], { encoding: "utf8" }).stdout ?? ""
const cpuModel = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown"
const git = (...a: Array<string>): string => spawnSync("git", a, { cwd: here, encoding: "utf8" }).stdout?.trim() ?? ""
const coreCommit = git("log", "-1", "--format=%h %cs", "--", "../../packages/core")
const coreDirty = git("status", "--porcelain", "--", "../../packages/core/src") !== ""
const ours = answers.ours
const lines: Array<string> = []
const out = (s = ""): void => void lines.push(s)

out("## SLA calculus")
out()
out(`- Date: ${started.toISOString().replace(/\.\d+Z$/, "Z")}; machine: ${cpuModel}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${os.type()} ${os.release()}`)
out(`- @sportello/core: packages/core at commit ${coreCommit}${coreDirty ? " **with uncommitted changes in packages/core/src**" : ""}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(" / ")}, at end ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} (1/5/15 min; anything well above 0 means something else ran during the run).`)
out(`- Node ${process.version} (${process.execPath.includes("node_modules") ? "the `node` package from the root devDependencies" : process.execPath}); every library in child processes of its own with TZ=${ZONE}, one process per (library, case).`)
out(`- ${quick ? "**Quick run**" : "Full run"}: warm-up ${warmupMs} ms, then the median of ${rounds} rounds of ${roundMs} ms. The rounds of the libraries of one case are interleaved (round 1 of each, then round 2 of each, …, each library in its own process, idle while the others run), so that a burst of load from elsewhere costs each library a round rather than all the rounds of one.`)
out(
  `- Inputs: ${inputs.receipts.length} minute-aligned receipt instants from seed 0x${SEED.toString(16)}: ${UNIFORM_INPUTS} uniform over 2025-01-01…2026-12-31 (Europe/Rome) and ${inputs.chosen} chosen around the daylight-saving changes (${DST_SUNDAYS.join(", ")}: the Friday before at 09:00/12:30/17:00/17:59/18:00, the night itself, the Monday after, and 40 days before). Suspensions are drawn per receipt from the same seed; elapsed time is measured over [r, r + 40 × 24 h).`
)
out(`- Calendar, the same for all: ${ZONE}, 09:00–18:00 Monday–Friday, Italian national holidays (Easter Monday; 4 October from 2026) and 29 June (Rome). Emergency cases: ${EMERGENCIES.length} round-the-clock periods, three of them over a daylight-saving night (${EMERGENCIES.map((e) => `${e.from} → ${e.to}`).join("; ")}).`)
out()
out("| library | version | configured as |")
out("|---|---|---|")
for (const lib of libs) {
  const m = answers[lib]?.meta
  out(`| ${label(lib)} | ${m?.version ?? "—"} | ${m?.setup ?? `failed to load: ${loadErrors[lib] ?? "?"}`} |`)
}
out()
out("### Operations per second")
out()
out(`| case | ${libs.map(label).join(" | ")} | ours ÷ fastest peer | ours ÷ bound |`)
out(`|---|${libs.map(() => "--:|").join("")}--:|--:|`)
for (const id of caseIds) {
  const cells = libs.map((lib) => {
    const t = timings[id]?.[lib]
    if (t !== undefined) return isError(t) ? `error: ${t.error}` : `${fmtOps(t.opsPerSec)}${t.failed > 0 ? ` ‡${t.failed}` : ""}`
    if (answers[lib]?.na[id] !== undefined) return "n/a"
    return "—"
  })
  const o = opsOf(id, "ours")
  const fp = fastestPeer(id)
  const b = opsOf(id, "bound")
  out(`| ${caseInfo(id).label} | ${cells.join(" | ")} | ${o !== undefined && fp !== undefined ? `${fmtRatio(o / fp.ops)} (vs ${label(fp.lib)})` : "—"} | ${o !== undefined && b !== undefined ? fmtRatio(o / b) : "—"} |`)
}
out()
if (caseIds.some((id) => Object.values(timings[id] ?? {}).some((t) => t !== undefined && !isError(t) && t.failed > 0)))
  out(`‡N: N operations in the timed rounds never returned — they ran into the loop guard (more than ${GUARD_CALLS.toLocaleString("en-US")} dayjs calls for one operation, where a normal one makes at most about 5,300) — and were left out of the figure, with the time they took.`)
out()
out("n/a: the library cannot be asked the same question —")
const naSeen = new Map<string, Array<string>>()
for (const lib of PEERS) {
  const na = answers[lib]?.na ?? {}
  for (const id of caseIds) {
    const why = na[id]
    if (why === undefined) continue
    const key = `${why}`
    naSeen.set(key, [...(naSeen.get(key) ?? []), `${label(lib)} / ${caseInfo(id).label}`])
  }
}
for (const [why, where] of naSeen) out(`- ${why} (${[...new Set(where.map((w) => w.split(" / ")[1]))].join("; ")}; ${[...new Set(where.map((w) => w.split(" / ")[0]))].join(", ")}).`)
out()
out("How each library answers the cases it can:")
for (const lib of libs) {
  const how = answers[lib]?.how ?? {}
  const distinct = [...new Set(Object.values(how))]
  if (distinct.length > 0) out(`- ${label(lib)}: ${distinct.join("; ")}.`)
}
out()

// targets
out("### Targets (issue 2, section 5)")
out()
out("| target | measured | met? |")
out("|---|---|---|")
const yes = (b: boolean): string => (b ? "**yes**" : "**no**")
for (const id of caseIds) {
  const info = caseInfo(id)
  const o = opsOf(id, "ours")
  if (info.target !== undefined) out(`| ${info.label}: ${info.targetNote} | ${o === undefined ? "not measured" : `${fmtOps(o)} ops/s`} | ${o === undefined ? "—" : yes(o >= info.target)} |`)
}
for (const id of caseIds) {
  const o = opsOf(id, "ours")
  const fp = fastestPeer(id)
  if (o !== undefined && fp !== undefined) out(`| ${caseInfo(id).label}: ≥ 1,000× the fastest peer | ${fmtRatio(o / fp.ops)} (${label(fp.lib)} ${fmtOps(fp.ops)} ops/s) | ${yes(o / fp.ops >= 1000)} |`)
}
const o8 = opsOf("st8h", "ours")
const o40 = opsOf("st40d", "ours")
if (o8 !== undefined && o40 !== undefined)
  out(`| cost does not grow with the horizon: serviceTime 40 service days vs 8 h | ${fmtRatio(o40 / o8)} the speed of 8 h (bound: ${fmtRatio((opsOf("st40d", "bound") ?? NaN) / (opsOf("st8h", "bound") ?? NaN))}) | ${yes(o40 / o8 >= 0.8)} (within 20 %) |`)
const tz = caseIds.map((id) => timings[id]?.ours).filter((t): t is TimeResult => t !== undefined && !isError(t))
if (tz.length > 0) {
  const calls = tz.reduce((s, t) => s + t.tzCallsInRounds, 0)
  out(`| no time-zone conversion through Intl on the hot path | ${calls} calls to Intl.DateTimeFormat / Date local-time methods during the timed rounds of all cases | ${yes(calls === 0)} |`)
}
out()

// disagreements
out(`### Disagreements with @sportello/core (same inputs: ${inputs.sample.length} receipts, the ${inputs.chosen} chosen around DST changes and the first ${inputs.sample.length - inputs.chosen} uniform ones)`)
out()
out("Only cases that mean the same thing in both libraries are compared (the n/a cells above are not). A cell reads `total (DST-chosen + uniform)`.")
out()
const cmpLibs = libs.filter((l) => l !== "ours")
out(`| case | ${cmpLibs.map((l) => (l === "bound" ? "oracle (bound) — checks ours" : label(l))).join(" | ")} |`)
out(`|---|${cmpLibs.map(() => "--:|").join("")}`)
const allExamples: Array<string> = []
for (const id of caseIds) {
  const cells = cmpLibs.map((lib) => {
    const d = compare(id, lib, "ours")
    if (d === undefined) return answers[lib]?.na[id] !== undefined ? "n/a" : "—"
    if (d.count > 0 && lib !== "bound") {
      const vsOracle = compare(id, lib, "bound")
      for (const k of d.examples) {
        const i = inputs.sample[k]!
        const a = ours?.answers[id]?.[k]
        const p = answers[lib]?.answers[id]?.[k]
        const o = answers.bound?.answers[id]?.[k]
        allExamples.push(
          `- ${label(lib)}, ${caseInfo(id).label}: r = ${showLocal(inputs.receipts[i]!)}${inputs.isChosen(i) ? " (DST-chosen)" : ""} → ours ${showAnswer(id, a)}, ${label(lib)} ${showAnswer(id, p)}${showDelta(id, a, p)}${o !== a ? `; oracle ${showAnswer(id, o)}` : ""}`
        )
      }
      return `${d.count} (${d.chosen} + ${d.uniform})${d.failed > 0 ? `, of which ${d.failed} never return (loop guard) or throw` : ""}${vsOracle !== undefined && vsOracle.count !== d.count ? ` [vs oracle: ${vsOracle.count}]` : ""}`
    }
    if (d.count > 0) {
      for (const k of d.examples) {
        const i = inputs.sample[k]!
        allExamples.push(
          `- **ours vs oracle**, ${caseInfo(id).label}: r = ${showLocal(inputs.receipts[i]!)} → ours ${showAnswer(id, ours?.answers[id]?.[k])}, oracle ${showAnswer(id, answers.bound?.answers[id]?.[k])}`
        )
      }
    }
    return `${d.count} (${d.chosen} + ${d.uniform})`
  })
  out(`| ${caseInfo(id).label} | ${cells.join(" | ")} |`)
}
out()
if (allExamples.length > 0) {
  out("Examples (local times, Europe/Rome):")
  out()
  for (const e of allExamples) out(e)
  out()
}
const oracleDays = answers.bound?.serviceDays
if (oracleDays !== null && oracleDays !== undefined) {
  const dates = checkDates()
  const parts = libs
    .filter((l) => l !== "bound")
    .map((l) => {
      const sd = answers[l]?.serviceDays
      if (sd === null || sd === undefined) return `${label(l)}: not checked`
      const diff = dates.filter((_, k) => sd[k] !== oracleDays[k])
      return `${label(l)}: ${diff.length}${diff.length > 0 ? ` (${diff.slice(0, 5).join(", ")}${diff.length > 5 ? ", …" : ""})` : ""}`
    })
  out(`Configuration check — local dates 2025-01-01…2027-12-31 whose service-day status differs from the oracle: ${parts.join("; ")}.`)
  out()
}
out("Reproduce: `npm ci && npm run bench` at the repository root; `npm run bench -- -- --quick` for a quick run, `npm run bench -- -- --write-docs` to rewrite this section (or `BENCH_QUICK=1`, `BENCH_WRITE_DOCS=1`). It is not part of `npm test`.")

const report = lines.join("\n")
process.stdout.write("\n" + report + "\n")

if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify({ started, quick, rounds, roundMs, warmupMs, answers, timings }, null, 1))
if (writeDocs) {
  const start = "<!-- sla-calculus:start (generated by `npm run bench -- -- --write-docs`; edit outside the markers) -->"
  const end = "<!-- sla-calculus:end -->"
  const block = `${start}\n${report}\n${end}`
  let doc = existsSync(docsPath) ? readFileSync(docsPath, "utf8") : "# Benchmarks\n\n"
  const a = doc.indexOf("<!-- sla-calculus:start")
  const b = doc.indexOf(end)
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`
  writeFileSync(docsPath, doc)
  log(`wrote ${docsPath}`)
}
