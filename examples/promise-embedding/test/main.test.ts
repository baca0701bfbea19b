/**
 * Runs the example as a user would (`node --conditions=source src/main.ts`) and checks the
 * story it prints. Ticket codes are random: they are replaced by `<code>`.
 */
import { execFile } from "node:child_process"
import { join } from "node:path"
import { promisify } from "node:util"
import { expect, it } from "vitest"

const run = promisify(execFile)

it("tells the story of a web-form request, from intake to the public status, with Promises only", async () => {
  const { stdout, stderr } = await run(process.execPath, ["--conditions=source", "src/main.ts"], { cwd: join(import.meta.dirname, "..") })
  expect(stderr).toBe("")
  const codes = new Set(stdout.match(/\b[0-9A-Z]{3}(?:-[0-9A-Z]{3}){4}\b/g))
  expect(codes.size).toBe(1)
  const lines = stdout.replaceAll([...codes][0]!, "<code>").trimEnd().split("\n")
  expect(lines).toEqual([
    "Monday 1 March 2027, 10:00: Maria Rossi writes through the web form",
    "  change <code> v3: Received, Acknowledged, Routed",
    "  ticket <code>: in-progress, answer expected by 2027-03-08",
    "  mail to maria.rossi@example.it: Abbiamo ricevuto la sua richiesta – codice <code>",
    "Tuesday evening: she looks the request up on the status page",
    "  in-progress, received on 2027-03-01, answer expected by 2027-03-08",
    "Wednesday 3 March, 11:00: an operator answers",
    "  change <code> v5: Answered, Closed",
    "  mail to maria.rossi@example.it: Risposta alla sua richiesta <code>",
    "The public status",
    "  closed on 2027-03-03: answered",
    "A mistyped code",
    "  no request has this code: check it and try again"
  ])
})
