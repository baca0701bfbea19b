/**
 * One library in its own process (started by run.ts with TZ=Europe/Rome):
 *   child.ts <lib> answers [case position] → the answers of every case on the sample, and a calendar check
 *   child.ts <lib> time <case> <warmupMs> → warms up one case, then times rounds on demand (stdin)
 * Prints JSON lines.
 */
import { CASE_IDS, type CaseId, type Lib, type LibFactory } from "./cases.ts"
import { checkDates } from "./config.ts"
import { makeInputs } from "./inputs.ts"

// Count calls into time-zone conversion (Intl and the Date local-time API) so the report can
// show whether any happen inside the timed rounds.
let tzCalls = 0
const countCalls = (proto: object, names: ReadonlyArray<string>): void => {
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name)
    if (desc === undefined) continue
    if (typeof desc.value === "function") {
      const original = desc.value as (...a: Array<unknown>) => unknown
      Object.defineProperty(proto, name, {
        ...desc,
        value: function (this: unknown, ...a: Array<unknown>) {
          tzCalls++
          return original.apply(this, a)
        }
      })
    } else if (desc.get !== undefined) {
      const getter = desc.get
      Object.defineProperty(proto, name, {
        ...desc,
        get: function (this: unknown) {
          tzCalls++
          return getter.call(this)
        }
      })
    }
  }
}
const [libName, mode, caseArg, warmupArg] = process.argv.slice(2)
// Only in our own and the bound's processes: the peers call these all the time, and the counting
// wrapper would slow them down.
if (libName === "ours" || libName === "bound") {
  countCalls(Intl.DateTimeFormat.prototype, ["format", "formatToParts", "formatRange", "resolvedOptions"])
countCalls(Date.prototype, ["getTimezoneOffset", "getHours", "getDate", "getDay", "setHours", "toLocaleString", "toLocaleDateString", "toLocaleTimeString"])
}

const factories: Record<string, () => Promise<{ make: LibFactory }>> = {
  ours: () => import("./libs/ours.ts"),
  bound: () => import("./libs/bound.ts"),
  moment: () => import("./libs/moment.ts"),
  dayjs: () => import("./libs/dayjs.ts"),
  dayjs_local: () => import("./libs/dayjsLocal.ts"),
  opening_hours: () => import("./libs/openingHours.ts")
}
const load = factories[libName ?? ""]
if (load === undefined) throw new Error(`unknown library ${libName}`)

const inputs = makeInputs()
const lib: Lib = await (await load()).make(inputs)
const meta = { name: lib.name, label: lib.label, version: lib.version, setup: lib.setup, node: process.version, tz: process.env.TZ }
const emit = (x: unknown): void => void process.stdout.write(JSON.stringify(x) + "\n")
const answerOf = (op: (i: number) => number, i: number): number | string | null => {
  try {
    const v = op(i)
    return Number.isFinite(v) ? v : null
  } catch (e) {
    return `throws: ${e instanceof Error ? e.message : String(e)}`
  }
}

if (mode === "answers") {
  // Streams one line per answer so that run.ts can tell an answer that never comes (an infinite
  // loop in a library) and resume after it: argv = answers <case index> <sample position>.
  const fromCase = Number(caseArg ?? 0)
  const fromK = Number(warmupArg ?? 0)
  const how: Partial<Record<CaseId, string>> = {}
  const na: Partial<Record<CaseId, string>> = {}
  for (const id of CASE_IDS) {
    const c = lib.cases[id]
    if ("na" in c) na[id] = c.na
    else how[id] = c.how
  }
  emit({ meta, how, na })
  CASE_IDS.forEach((id, ci) => {
    const c = lib.cases[id]
    if (ci < fromCase || "na" in c) return
    for (let k = ci === fromCase ? fromK : 0; k < inputs.sample.length; k++) emit([ci, k, answerOf(c.op, inputs.sample[k]!)])
  })
  const isServiceDay = lib.isServiceDay
  emit({ serviceDays: isServiceDay === undefined ? null : checkDates().map((d) => isServiceDay(d)) })
} else if (mode === "time") {
  // A round server: warms up, says so, then runs one round per "round <ms>" line on stdin and
  // answers each with a line; "end" closes it. Between rounds it sleeps on its stdin, so the
  // other libraries' rounds run on a machine it leaves alone.
  const id = caseArg as CaseId
  const c = lib.cases[id]
  if (c === undefined || "na" in c) throw new Error(`${libName} has no case ${id}`)
  const { measurer } = await import("./measure.ts")
  const m = measurer(c.op, inputs.receipts.length, process.env.BENCH_TOLERANT === "1")
  m.warmUp(Number(warmupArg))
  tzCalls = 0
  emit({ meta, case: id, ready: true, chunk: m.chunk() })
  const { createInterface } = await import("node:readline")
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, arg] = line.split(" ")
    if (cmd === "round") emit({ round: m.round(Number(arg)), tzCallsSoFar: tzCalls })
    else break
  }
  emit({ end: true, sink: m.sink(), tzCallsInRounds: tzCalls })
  process.stdin.destroy()
} else {
  throw new Error(`unknown mode ${mode}`)
}
