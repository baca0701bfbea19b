/**
 * CPU time spent per operation, in this process (Node.js, and PGlite when embedded) and in the
 * PostgreSQL backends serving this benchmark's connections (found by their
 * `application_name`, read from /proc). On a shared machine CPU time per operation moves much
 * less than throughput does, and it says where the time goes.
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"

/** The application name of this run's server connections. */
export const applicationName = (pid = process.pid) => `sportello-bench-${pid}`

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
  } catch {
    return 100
  }
})()

/** utime + stime of a process, in ms (0 when it is gone or /proc is not there). */
const processCpuMs = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000
  } catch {
    return 0
  }
}

/** The backends of the connections named `name` (this process's pools, or the children's). */
export const backends = (name: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE application_name = ${name}`
    return rows.map((r) => r.pid)
  })

export interface CpuMark {
  readonly node: NodeJS.CpuUsage
  readonly backends: ReadonlyArray<number>
  readonly backendMs: number
  readonly at: number
}

export const mark = (backendPids: ReadonlyArray<number> = []): CpuMark => ({
  node: process.cpuUsage(),
  backends: backendPids,
  backendMs: backendPids.reduce((s, p) => s + processCpuMs(p), 0),
  at: performance.now()
})

export interface CpuUse {
  /** CPU time of this process over the interval, ms. */
  readonly nodeMs: number
  /** CPU time of the PostgreSQL backends, ms (undefined when none were followed). */
  readonly backendMs?: number
  readonly wallMs: number
}

export const since = (start: CpuMark, extraNodeMs = 0): CpuUse => {
  const node = process.cpuUsage(start.node)
  const backendMs = start.backends.reduce((s, p) => s + processCpuMs(p), 0) - start.backendMs
  return {
    nodeMs: (node.user + node.system) / 1000 + extraNodeMs,
    ...(start.backends.length > 0 ? { backendMs } : {}),
    wallMs: performance.now() - start.at
  }
}
