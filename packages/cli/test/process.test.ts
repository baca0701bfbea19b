/**
 * `sportello` as a real child process, through the source entry (Node 24 strips the types):
 * what the shell sees — the output streams and the exit code.
 */
import { execFile, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

/** This process's environment less the server URL CI gives the storage suites: these runs use embedded storage only. */
const { SPORTELLO_PG_URL: _server, ...env } = process.env

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

const run = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--conditions=source", bin, ...args], { env: { ...env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? 1, stdout, stderr }))
  })

describe("sportello, as a process", () => {
  it("prints help and exits 0", async () => {
    const { code, stdout } = await run(["--help"])
    expect(code).toBe(0)
    expect(stdout).toContain("simulate")
    expect(stdout).toContain("explain")
  })

  it("refuses a bad flag with a clear message, a non-zero exit code and no stack trace", async () => {
    const { code, stdout, stderr } = await run(["simulate", "--days", "many"])
    expect(code).not.toBe(0)
    expect(stderr).toContain('Invalid value for flag --days: "many"')
    expect(stdout + stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  })

  it("fails a command plainly, without a stack trace", async () => {
    const { code, stderr } = await run(["explain", "AAA-AAA-AAA-AAA-AAA", "--simulated", "--days", "2"])
    expect(code).not.toBe(0)
    expect(stderr).toContain("There is no ticket AAA-AAA-AAA-AAA-AAA")
    expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  })

  it("simulates with plain progress lines when stderr is not a terminal", async () => {
    const { code, stdout, stderr } = await run(["simulate", "--days", "3", "--seed", "4"])
    expect(code).toBe(0)
    expect(stdout).toContain("Simulation: 3 days from 2027-03-01, seed 4")
    expect(stderr).toContain("simulated 3/3 days (2027-03-03)")
  })

  it("serves the HTTP API on a port and prints its address", async () => {
    const child = spawn(process.execPath, ["--conditions=source", bin, "serve", "--port", "0", "--data-dir", "memory://"], {
      stdio: ["ignore", "pipe", "pipe"],
      env
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString()
          const match = /Sportello HTTP API on (http:\/\/\S+)/.exec(out)
          if (match !== null) resolve(match[1]!)
        })
        child.on("exit", (code) => reject(new Error(`serve exited with ${code} before listening: ${out}`)))
      })
      const response = await fetch(`${url}/api/openapi.json`)
      expect(response.status).toBe(200)
      const document = (await response.json()) as { openapi: string }
      expect(document.openapi).toMatch(/^3\./)
    } finally {
      child.kill("SIGTERM")
    }
  })
})
