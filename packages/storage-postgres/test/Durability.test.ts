import { PGlite } from "@electric-sql/pglite"
import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** Runs the writer until it has acknowledged something, kills it with SIGKILL, returns its acks. */
const writeThenKill = async (dataDir: string, afterMs: number): Promise<Array<number>> => {
  const child = spawn(process.execPath, ["--conditions=source", join(import.meta.dirname, "fixtures/ackWriter.ts"), dataDir], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  let out = ""
  child.stdout.on("data", (chunk) => (out += chunk))
  const exited = new Promise((resolve) => child.on("exit", resolve))
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (/^\d+$/m.test(out)) {
        clearInterval(poll)
        setTimeout(() => {
          child.kill("SIGKILL")
          resolve()
        }, afterMs)
      }
    }, 10)
  })
  await exited
  return out.split("\n").filter((line) => /^\d+$/.test(line)).map(Number)
}

describe("Pglite durability", () => {
  it("a writer killed with SIGKILL at random moments loses no acknowledged transaction", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sportello-crash-"))
    try {
      const dataDir = join(dir, "data")
      const acknowledged: Array<number> = []
      for (let round = 0; round < 3; round++) {
        acknowledged.push(...(await writeThenKill(dataDir, Math.floor(Math.random() * 300))))
      }
      const db = await PGlite.create(dataDir)
      const stored = new Set((await db.query<{ id: number }>("SELECT id FROM acks")).rows.map((r) => r.id))
      await db.close()
      expect(acknowledged.length).toBeGreaterThan(3)
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
