/**
 * `npm start`: the Contact Center on http://127.0.0.1:3000 (PORT and HOST change it), with
 * demo tickets and the demo operator's token printed.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer } from "effect"
import * as App from "./App.ts"
import * as Storage from "./Storage.ts"

const options: App.Options = {
  port: process.env["PORT"] === undefined ? 3000 : Number(process.env["PORT"]),
  host: process.env["HOST"] ?? "127.0.0.1",
  demoToken: process.env["SPORTELLO_DEMO_TOKEN"],
  storage: {
    dataDir: process.env["SPORTELLO_DATA_DIR"] ?? ".sportello/data",
    databaseUrl: process.env["SPORTELLO_PG_URL"] || undefined
  }
}

const cannotOpen = (why: string) =>
  Console.error(`\n  The storage (${Storage.describe(options.storage)}) could not be opened: ${why}\n`).pipe(
    Effect.andThen(Effect.sync(() => void (process.exitCode = 1)))
  )

const program = Effect.gen(function*() {
  const context = yield* Layer.build(App.layer(options))
  const { url, demoToken } = App.describe(context)
  yield* Console.log(
    [
      "",
      "  Sportello — the Contact Center is running",
      "",
      `  Citizens (Italian):  ${url}/it`,
      `  Citizens (English):  ${url}/en`,
      `  Operators:           ${url}/it/operatori`,
      `  HTTP API:            ${url}/api/openapi.json`,
      "",
      `  Demo token (supervisor), for the operators' sign-in and as Authorization: Bearer:`,
      `    ${demoToken}`,
      "",
      `  Storage: ${Storage.describe(options.storage)}`,
      "  Mail and SMS are not sent: they land in the operators' outbox page.",
      "  Press Ctrl+C to stop.",
      ""
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.catchTag("ServeError", (error) =>
    Console.error(
      String(error.cause).includes("EADDRINUSE")
        ? `\n  Port ${options.port} is already in use (another npm start?). Stop that program, or choose another port: PORT=3001 npm start\n`
        : `\n  The server could not start: ${String(error.cause)}\n`
    ).pipe(Effect.andThen(Effect.sync(() => void (process.exitCode = 1))))
  ),
  Effect.catchTags({
    SqlError: (error) => cannotOpen(error.message),
    MigrationError: (error) => cannotOpen(error.message),
    StorageError: (error) => cannotOpen(error.message)
  })
)

NodeRuntime.runMain(program)
