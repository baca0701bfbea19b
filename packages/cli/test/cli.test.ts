import { NodeServices } from "@effect/platform-node"
import { Cli } from "@sportello/cli"
import { ConfigProvider, Effect, Exit, Layer } from "effect"
import { TestConsole } from "effect/testing"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

/**
 * The environment the commands see: this process's, less the server URL CI gives the storage
 * suites — these tests are about the embedded default, and must never write to that server.
 */
const { SPORTELLO_PG_URL: _server, ...env } = process.env as Record<string, string>

/** Runs `sportello` in this process with a test console; what it printed, and how it ended. */
const sportello = (args: ReadonlyArray<string>, progress: { isTTY: boolean; written: Array<string> } = { isTTY: false, written: [] }) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Cli.run(args))
    const out = (yield* TestConsole.logLines).map(String).join("\n")
    const err = (yield* TestConsole.errorLines).map(String).join("\n")
    return { exit, out, err }
  }).pipe(
    Effect.provideService(Cli.ProgressOutput, { isTTY: progress.isTTY, write: (text) => void progress.written.push(text) }),
    Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })),
    Effect.provide(Layer.mergeAll(NodeServices.layer, TestConsole.layer)),
    Effect.runPromise
  )

const codesIn = (text: string) => [...text.matchAll(/\b[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}\b/g)].map((m) => m[0])

describe("help and version", () => {
  it("lists every command with a plain description", async () => {
    const { exit, out } = await sportello(["--help"])
    expect(Exit.isSuccess(exit)).toBe(true)
    for (const name of ["serve", "migrate", "simulate", "stats", "explain"]) expect(out).toMatch(new RegExp(`^  ${name}\\s+\\S`, "m"))
  })

  it("has help on each command, naming its flags", async () => {
    const simulate = await sportello(["simulate", "--help"])
    expect(simulate.out).toContain("--days")
    expect(simulate.out).toContain("--seed")
    const explain = await sportello(["explain", "--help"])
    expect(explain.out).toContain("--lang")
    const stats = await sportello(["stats", "--help"])
    expect(stats.out).toContain("--format")
    const serve = await sportello(["serve", "--help"])
    expect(serve.out).toContain("--database-url")
    expect(serve.out).toContain("--data-dir")
  })

  it("prints its version", async () => {
    const { out } = await sportello(["--version"])
    expect(out).toMatch(/\d+\.\d+\.\d+/)
  })
})

describe("simulate", () => {
  it("gives the same summary for the same seed, with the emergency spike in it", async () => {
    const first = await sportello(["simulate", "--days", "30", "--seed", "42"])
    const second = await sportello(["simulate", "--days", "30", "--seed", "42"])
    expect(Exit.isSuccess(first.exit)).toBe(true)
    expect(first.out).toBe(second.out)
    expect(first.out).toContain("Emergency: ")

    // the spike: the emergency days receive far more than the ordinary service days
    const rows = first.out.split("\n").filter((l) => /^\d{4}-\d{2}-\d{2} \w{3} [ ⚠·] /.test(l))
    expect(rows).toHaveLength(30)
    const received = (l: string) => Number(/ (\d+) {2}▒*\s+\d+ /.exec(l.slice(17))?.[1] ?? /\s(\d+)\s/.exec(l.slice(17))![1])
    const emergency = rows.filter((l) => l.includes(" ⚠ ")).map(received)
    const ordinary = rows.filter((l) => / {3}[█▏▎▍▌▋▊▉]/.test(l.slice(14)) && !l.includes(" ⚠ ") && !l.includes(" · ")).map(received)
    expect(emergency.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...emergency)).toBeGreaterThan(2 * Math.max(...ordinary))
    expect(first.out).toContain("On-time rate per channel")
    for (const channel of ["web-form", "email", "phone"]) expect(first.out).toMatch(new RegExp(`^${channel}\\s+█`, "m"))
    // plain progress lines when stderr is not a terminal
    expect(first.err).toContain("simulated 30/30 days")
  })

  it("gives another month for another seed", async () => {
    const a = await sportello(["simulate", "--days", "10", "--seed", "1"])
    const b = await sportello(["simulate", "--days", "10", "--seed", "2"])
    expect(a.out).not.toBe(b.out)
  })

  it("draws a progress bar on a terminal", async () => {
    const progress = { isTTY: true, written: [] as Array<string> }
    await sportello(["simulate", "--days", "5", "--seed", "3"], progress)
    expect(progress.written.some((w) => w.startsWith("\r") && w.includes("█") && w.includes("5/5"))).toBe(true)
  })
})

describe("explain", () => {
  it("explains a simulated ticket's deadline, in English and Italian", async () => {
    const simulation = await sportello(["simulate", "--days", "12", "--seed", "9"])
    const [code] = codesIn(simulation.out.split("\n").at(-1)!)
    expect(code).toBeDefined()
    const en = await sportello(["explain", code!, "--simulated", "--seed", "9", "--days", "12"])
    expect(Exit.isSuccess(en.exit)).toBe(true)
    expect(en.out).toContain(`Ticket ${code}`)
    expect(en.out).toContain("Request received at")
    const it = await sportello(["explain", code!, "--simulated", "--seed", "9", "--days", "12", "--lang", "it"])
    expect(it.out).toContain("Richiesta ricevuta il")
  })

  it("says plainly that a code is unknown, and fails", async () => {
    const { exit, err } = await sportello(["explain", "AAA-AAA-AAA-AAA-AAA", "--simulated", "--days", "3"])
    expect(Exit.isFailure(exit)).toBe(true)
    expect(err).toContain("There is no ticket AAA-AAA-AAA-AAA-AAA in the simulation with seed 42 over 3 days.")
  })
})

describe("stats", () => {
  const args = ["stats", "--simulated", "--days", "20", "--seed", "5", "--period", "day"]

  it("prints a table by period and by channel", async () => {
    const { exit, out } = await sportello(args)
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(out).toMatch(/^period\s+received\s+open\s+closed\s+judged\s+on time\s+on-time rate\s+median answer$/m)
    expect(out).toMatch(/^2027-03-01\s+\d+/m)
    expect(out).toMatch(/^channel\s+received/m)
  })

  it("prints JSON and CSV with the same numbers", async () => {
    const json = JSON.parse((await sportello([...args, "--format", "json"])).out) as Array<{ period: string; received: number }>
    const csv = (await sportello([...args, "--format", "csv"])).out.split("\n")
    expect(csv[0]).toBe("period,channel,received,open,closed,judged,on_time,on_time_rate,median_answer_ms")
    const totals = csv.slice(1).filter((l) => l.split(",")[1] === "all").map((l) => [l.split(",")[0], Number(l.split(",")[2])])
    expect(totals).toEqual(json.map((r) => [r.period, r.received]))
    expect(json.reduce((n, r) => n + r.received, 0)).toBeGreaterThan(100)
  })

  it("prints no personal data", async () => {
    for (const format of ["table", "json", "csv"]) {
      const { out } = await sportello([...args, "--format", format])
      expect(out).not.toMatch(/example\.org|Rossi|Maria|\+39|Via Roma/)
    }
  })

  it("refuses an unknown format with a plain message", async () => {
    const { exit, err } = await sportello(["stats", "--format", "xml"])
    expect(Exit.isFailure(exit)).toBe(true)
    expect(err).toContain("--format")
  })
})

describe("migrate", () => {
  const dir = mkdtempSync(join(tmpdir(), "sportello-cli-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("migrates a fresh PGlite directory, then finds it up to date", async () => {
    const first = await sportello(["migrate", "--data-dir", join(dir, "data")])
    expect(Exit.isSuccess(first.exit)).toBe(true)
    expect(first.out).toMatch(/applied 3 migrations, now at schema version 3/)
    expect(first.out).toMatch(/^ {2}1 {2}event_log_and_queues$/m)
    expect(first.out).toMatch(/^ {2}2 {2}read_models_and_ports$/m)
    expect(first.out).toMatch(/^ {2}3 {2}statistics_counters$/m)
    const second = await sportello(["migrate", "--data-dir", join(dir, "data")])
    expect(second.out).toContain("up to date (schema version 3)")
  })
})

describe("bad input", () => {
  it("refuses a bad flag value with what was wrong", async () => {
    const { exit, err } = await sportello(["simulate", "--days", "0"])
    expect(Exit.isFailure(exit)).toBe(true)
    expect(err).toContain("--days must be between 1 and 366, got 0")
  })

  it("refuses an unknown command and an unknown flag", async () => {
    expect(Exit.isFailure((await sportello(["simulat"])).exit)).toBe(true)
    const flag = await sportello(["simulate", "--dayz", "3"])
    expect(Exit.isFailure(flag.exit)).toBe(true)
    expect(flag.err).toContain("--dayz")
  })
})
