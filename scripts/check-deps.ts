/**
 * Checks the dependency direction between packages (design.md, "Dependency direction is checked
 * in CI, not by memory"):
 * - every bare import in a package's `src` is declared in its package.json;
 * - `@sportello/core` imports only the libraries listed in CORE_ALLOWED;
 * - adapters import `@sportello/core` (and `@sportello/testkit` in tests) but never each other;
 * - nothing imports another package by a relative path into its `src`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"

const CORE_ALLOWED = new Set(["effect", "ts-pattern", "eld"])
const SHARED = new Set(["@sportello/core", "@sportello/testkit"])
// Application packages are composition roots, like the examples: `sportello` (the CLI) wires
// the engine to the HTTP API and the storage, so it may import adapters. Adapters still may not.
const APPLICATIONS = new Set(["@sportello/cli"])

const root = new URL("..", import.meta.url).pathname
const problems: Array<string> = []

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === "node_modules" || name === "dist") return []
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : []
  })

const importsOf = (file: string): Array<string> => {
  const text = readFileSync(file, "utf8")
  const statics = [...text.matchAll(/^\s*(?:import|export)\s(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm)].map((m) => m[1]!)
  const dynamics = [...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!)
  return [...statics, ...dynamics]
}

const packageName = (specifier: string): string =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!

for (const group of ["packages", "examples"]) {
  let dirs: Array<string> = []
  try {
    dirs = readdirSync(join(root, group))
  } catch {
    continue
  }
  for (const dir of dirs) {
    const base = join(root, group, dir)
    let manifest: { name: string; dependencies?: object; peerDependencies?: object; devDependencies?: object }
    try {
      manifest = JSON.parse(readFileSync(join(base, "package.json"), "utf8"))
    } catch {
      continue
    }
    const runtime = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})])
    const all = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})])
    for (const area of ["src", "test"]) {
      let files: Array<string> = []
      try {
        files = walk(join(base, area))
      } catch {
        continue
      }
      for (const file of files) {
        const where = relative(root, file)
        for (const spec of importsOf(file)) {
          if (spec.startsWith(".")) {
            const target = resolve(dirname(file), spec)
            if (!target.startsWith(base + sep) && /[/\\](packages|examples)[/\\]/.test(target)) {
              problems.push(`${where}: imports another package through a relative path (${spec}); import it by name`)
            }
            continue
          }
          if (spec.startsWith("node:")) continue
          const name = packageName(spec)
          if (name === manifest.name) continue
          if (manifest.name === "@sportello/core" && area === "src" && !CORE_ALLOWED.has(name)) {
            problems.push(`${where}: @sportello/core may import only ${[...CORE_ALLOWED].join(", ")}, not ${name}`)
          }
          if (name.startsWith("@sportello/") && !SHARED.has(name) && group === "packages" && !APPLICATIONS.has(manifest.name)) {
            problems.push(`${where}: adapters never import each other (${manifest.name} → ${name})`)
          }
          const declared = area === "src" ? runtime : all
          const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
          const rootDev = new Set(Object.keys(rootManifest.devDependencies ?? {}))
          if (!declared.has(name) && !(area === "test" && rootDev.has(name))) {
            problems.push(`${where}: imports ${name}, which ${manifest.name}'s package.json does not declare`)
          }
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"))
  process.exit(1)
}
console.log("package boundaries: ok")
