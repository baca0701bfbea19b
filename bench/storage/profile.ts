/**
 * Where the time of a CPU profile goes: `node --cpu-prof` writes a `.cpuprofile`; this prints
 * the share of the samples per area (a package, or a source file of ours), the functions with
 * the most self time, and the inclusive time of the functions whose name matches a pattern.
 *
 *   npx node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=source bench/storage/run.ts \
 *     --skip-pglite --tickets=0 --rounds=1 --seconds=10 --one-process
 *   npx node bench/storage/profile.ts /tmp/prof/CPU.*.cpuprofile [pattern]
 *
 * Idle time (the process waiting for PostgreSQL or for the CPU) is counted apart: shares are
 * of the busy samples.
 */
import { readFileSync } from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const areaOf = (url: string, name: string): string => {
  if (url === "") return name.startsWith("(") ? name : "(native)"
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (pkg !== null) {
    const sub = /node_modules\/effect\/dist\/(?:internal\/)?([^/]+)\//.exec(url)
    return pkg[1] === "effect" && sub !== null ? `effect/${sub[1]}` : pkg[1]!
  }
  const ours = /\/(packages\/[^/]+\/src\/.*|bench\/.*)$/.exec(url)
  if (ours !== null) return ours[1]!
  if (url.startsWith("node:")) return "node internals"
  return url
}

const main = () => {
  const [file, pattern] = process.argv.slice(2)
  if (file === undefined) throw new Error("usage: profile.ts <file.cpuprofile> [function-name-pattern]")
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const area = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const match = pattern === undefined ? undefined : new RegExp(pattern)
  let total = 0
  let idle = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)!
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === "(idle)") {
      idle += dt
      return
    }
    total += dt
    const key = `${functionName || "(anonymous)"} ${areaOf(url, functionName)}:${lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + dt)
    const a = areaOf(url, functionName)
    area.set(a, (area.get(a) ?? 0) + dt)
    if (match !== undefined) {
      const seen = new Set<string>()
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const f = byId.get(cur)!.callFrame
        if (!match.test(f.functionName)) continue
        const k = `${f.functionName} ${areaOf(f.url, f.functionName)}:${f.lineNumber + 1}`
        if (!seen.has(k)) {
          seen.add(k)
          inclusive.set(k, (inclusive.get(k) ?? 0) + dt)
        }
      }
    }
  })
  const show = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`)
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      console.log(`${((v / total) * 100).toFixed(1).padStart(6)} %  ${v.toFixed(0).padStart(7)} ms  ${k}`)
    }
  }
  console.log(`${file}: busy ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms (${((idle / (idle + total)) * 100).toFixed(0)} % idle)`)
  show("busy time by area", area, 30)
  show("self time by function", self, 30)
  if (match !== undefined) show(`inclusive time of functions matching /${pattern}/`, inclusive, 40)
}

main()
