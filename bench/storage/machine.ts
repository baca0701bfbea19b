/**
 * What the figures were measured on: the machine, Node.js, the commit (and whether the
 * packages had uncommitted changes), the database's version and settings.
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { execFileSync } from "node:child_process"
import { cpus, loadavg, release, totalmem } from "node:os"

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly commit: string
  /** Files under packages/ that differ from the commit when the run started. */
  readonly uncommitted: ReadonlyArray<string>
}

const git = (...args: ReadonlyArray<string>) => {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd()
  } catch {
    return ""
  }
}

export const machine = (): Machine => ({
  cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `Linux ${release()}`,
  node: process.version,
  commit: git("log", "-1", "--format=%h %cs %s") || "unknown",
  uncommitted: git("status", "--porcelain", "--", "packages").split("\n").filter((l) => l.length > 0).map((l) => l.slice(3))
})

export const load = (): ReadonlyArray<number> => loadavg().map((x) => Math.round(x * 100) / 100)

const SETTINGS = [
  "server_version",
  "shared_buffers",
  "effective_cache_size",
  "work_mem",
  "maintenance_work_mem",
  "synchronous_commit",
  "fsync",
  "wal_sync_method",
  "full_page_writes",
  "wal_level",
  "max_wal_size",
  "checkpoint_timeout",
  "commit_delay",
  "max_connections",
  "random_page_cost",
  "jit",
  "autovacuum"
]

/** The version and the settings that matter for these figures. */
export const databaseSettings = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [version] = yield* sql<{ version: string }>`SELECT version() AS version`
  const rows = yield* sql<{ name: string; setting: string; unit: string | null }>`
    SELECT name, setting, unit FROM pg_settings WHERE name = ANY(${SETTINGS}::text[]) ORDER BY name`
  const settings: Record<string, string> = {}
  for (const r of rows) {
    settings[r.name] = r.unit === "8kB"
      ? `${Math.round((Number(r.setting) * 8) / 1024)}MB`
      : r.unit === "kB"
      ? `${Math.round(Number(r.setting) / 1024)}MB`
      : r.unit === null
      ? r.setting
      : `${r.setting}${r.unit}`
  }
  return { version: version?.version.split(" on ")[0]?.split(",")[0] ?? "unknown", settings }
})
