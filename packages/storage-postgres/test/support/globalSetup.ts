/**
 * Runs `initdb` for PGlite once per test run: the template data directory is dumped to a
 * file that every test file's PGlite loads (well under a second, against several seconds
 * for a fresh `initdb`).
 */
import { PGlite } from "@electric-sql/pglite"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "sportello-pglite-"))
  const file = join(dir, "template.tar")
  const db = await PGlite.create("memory://")
  const dump = await db.dumpDataDir("none")
  await db.close()
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()))
  project.provide("pgliteTemplate", file)
  return () => rmSync(dir, { recursive: true, force: true })
}
