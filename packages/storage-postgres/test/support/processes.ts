/**
 * Child processes for the multi-process and crash tests: a fixture program run by this
 * Node (`--conditions=source`, types stripped), its stdout collected line by line.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process"
import { join } from "node:path"
import type { Readable, Writable } from "node:stream"

export interface Child {
  /** The complete lines printed so far. */
  readonly lines: Array<string>
  /** Resolves when a printed line satisfies the predicate (rejects if the child exits first). */
  readonly waitFor: (predicate: (line: string) => boolean) => Promise<string>
  /** Writes a line to the child's stdin. */
  readonly send: (line: string) => void
  readonly kill: (signal: NodeJS.Signals) => void
  /** How the child ended: its exit code, or the signal that killed it. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
  readonly process: ChildProcessByStdio<Writable, Readable, null>
}

/** Runs `test/fixtures/<fixture>` with the given arguments; stderr goes to the test's. */
export const run = (fixture: string, args: ReadonlyArray<string>): Child => {
  const child = spawn(process.execPath, ["--conditions=source", join(import.meta.dirname, "../fixtures", fixture), ...args], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const lines: Array<string> = []
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: (line: string) => void }> = []
  let partial = ""
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n")
    partial = parts.pop()!
    for (const line of parts) {
      lines.push(line)
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.predicate(line)) waiters.splice(i, 1)[0]!.resolve(line)
      }
    }
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal }))
  )
  // A killed child's stdin may already be closed: a late write must not crash the test.
  child.stdin.on("error", () => {})
  return {
    lines,
    waitFor: (predicate) => {
      const found = lines.find(predicate)
      if (found !== undefined) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve })
        void exited.then(({ code, signal }) =>
          reject(new Error(`${fixture} ended (code ${code}, signal ${signal}) before printing the line awaited`))
        )
      })
    },
    send: (line) => void child.stdin.write(`${line}\n`),
    kill: (signal) => void child.kill(signal),
    exited,
    process: child
  }
}

/** Waits for the child to end and fails unless it ended by itself with code 0. */
export const succeeded = async (child: Child, what: string): Promise<void> => {
  const { code, signal } = await child.exited
  if (code !== 0) throw new Error(`${what} failed (exit code ${code}, signal ${signal})`)
}
