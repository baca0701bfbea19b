/**
 * Runs every ```ts block of the README and of docs/*.md, so that the documentation shows code
 * that works. A block is a module: it imports what it needs and checks its results with
 * node:assert. A block fenced as ```ts no-run is shown only (e.g. a fragment).
 */
import { describe, it } from "@effect/vitest"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"

const root = join(import.meta.dirname, "..")
const out = join(import.meta.dirname, ".doctest")
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

const files = [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(root, "docs", f))
]

for (const file of files) {
  const text = readFileSync(file, "utf8")
  const blocks = [...text.matchAll(/^```ts([^\n]*)\n([\s\S]*?)^```$/gm)]
    .map((m, i) => ({ info: m[1]!.trim(), code: m[2]!, index: i + 1, line: text.slice(0, m.index).split("\n").length }))
    .filter((b) => b.info !== "no-run")
  if (blocks.length === 0) continue
  describe(basename(file), () => {
    for (const block of blocks) {
      it(`code block ${block.index} (line ${block.line})`, async () => {
        const path = join(out, `${basename(file, ".md")}-${block.index}.ts`)
        writeFileSync(path, block.code)
        await import(path)
      })
    }
  })
}
