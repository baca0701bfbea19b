/**
 * The `sportello` command: serve the HTTP API, run the storage migrations, simulate traffic,
 * print statistics and deadline explanations. Built with effect's `cli` module, so every
 * command has `--help` and bad flags are refused with a plain message.
 *
 * @since 0.1.0
 */
import { Engine, LanguageDetector, Sla, type StorageError, TicketCodes } from "@sportello/core"
import { Server, Tokens } from "@sportello/http"
import { Migrations, SqlStatistics } from "@sportello/storage-postgres"
import { Config, Console, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import { Argument, CliError, Command, Flag } from "effect/cli"
import { HttpServer } from "effect/http"
import { createRequire } from "node:module"
import * as Render from "./Render.ts"
import * as Simulation from "./Simulation.ts"
import * as Storage from "./Storage.ts"

/**
 * The package's version (`sportello --version`).
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version

/**
 * Where long runs draw their progress: a bar redrawn in place on a terminal, plain lines
 * (through `Console.error`) otherwise.
 *
 * @since 0.1.0
 * @category progress
 */
export class ProgressOutput extends Context.Reference<{ readonly isTTY: boolean; readonly write: (text: string) => void }>(
  "@sportello/cli/ProgressOutput",
  { defaultValue: () => ({ isTTY: process.stderr.isTTY === true, write: (text) => void process.stderr.write(text) }) }
) {}

/** A failure the person at the terminal can act on: printed as is, exit code 1, no stack. */
const fail = (message: string) => Effect.fail(new CliError.UserError({ cause: message, userMessage: message }))

/** Whatever else fails is said in one line, with what was being done. */
const plainly = (what: string) => <A, E extends { readonly message: string }, R>(self: Effect.Effect<A, E, R>) =>
  Effect.mapError(self, (e) =>
    e instanceof CliError.UserError ? e : new CliError.UserError({ cause: e, userMessage: `${what} failed: ${e.message}` }))

// -----------------------------------------------------------------------------
// Flags
// -----------------------------------------------------------------------------

const LocalDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date like 2027-03-01" }))

const storageFlags = {
  databaseUrl: Flag.Redacted("database-url").pipe(
    Flag.withDescription("A PostgreSQL server, as postgres://user:password@host:port/database (or SPORTELLO_PG_URL)"),
    Flag.withFallbackConfig(Config.Redacted("SPORTELLO_PG_URL")),
    Flag.optional
  ),
  dataDir: Flag.String("data-dir").pipe(
    Flag.withDescription("Where embedded PGlite keeps its files when there is no server (or SPORTELLO_DATA_DIR; default .sportello/data)"),
    Flag.withFallbackConfig(Config.String("SPORTELLO_DATA_DIR")),
    Flag.withDefault(Storage.defaultDataDir)
  )
}

const storageOptions = (input: { readonly databaseUrl: Option.Option<Redacted.Redacted<string>>; readonly dataDir: string }): Storage.Options => ({
  databaseUrl: input.databaseUrl,
  dataDir: input.dataDir
})

const positive = (max: number) => (n: number) => n >= 1 && n <= max ? Option.some(n) : Option.none()

const days = Flag.Int("days").pipe(
  Flag.withDescription("How many days to simulate, 1–366 (default 30)"),
  Flag.withDefault(Simulation.defaults.days),
  Flag.filterMap(positive(366), (n) => `--days must be between 1 and 366, got ${n}`)
)
const seed = Flag.Int("seed").pipe(Flag.withDescription("The seed: the same seed gives the same simulation (default 42)"), Flag.withDefault(Simulation.defaults.seed))

const simulatedFlags = {
  simulated: Flag.Boolean("simulated").pipe(
    Flag.withDescription("Read a simulation (the same --seed and --days as `sportello simulate`) instead of a storage"),
    Flag.withDefault(false)
  ),
  seed,
  days
}

/** The engine on the simulation's ports, after the simulation with this seed and length ran. */
const simulated = (options: { readonly seed: number; readonly days: number }) =>
  Layer.effectContext(
    Effect.gen(function*() {
      const result = yield* Simulation.run({ seed: options.seed, days: options.days })
      const context = yield* Effect.context<Engine.Engine>()
      return Context.add(context, SimulationResult, result)
    })
  ).pipe(Layer.provideMerge(Simulation.layer(options.seed)))

class SimulationResult extends Context.Service<SimulationResult, Simulation.Result>()("@sportello/cli/SimulationResult") {}

/** The engine on the chosen storage's ports. */
const onStorage = (options: Storage.Options) =>
  Engine.layer(Engine.departmentDefaults).pipe(
    Layer.provideMerge(Layer.mergeAll(Storage.ports(options), TicketCodes.layer, LanguageDetector.layer))
  )

const storageNote = (options: Storage.Options) =>
  Storage.persistent
    ? Effect.void
    : Console.error(
      `note: @sportello/storage-postgres does not provide the ticket store yet, so ${Storage.describe(options)} ` +
        "is not read: the tickets are in memory and empty. Use --simulated to read a simulation."
    )

// -----------------------------------------------------------------------------
// simulate
// -----------------------------------------------------------------------------

const simulate = Command.make(
  "simulate",
  {
    days,
    seed,
    start: Flag.String("start").pipe(
      Flag.withDescription("The first simulated day (default 2027-03-01)"),
      Flag.withSchema(LocalDate),
      Flag.withDefault(Simulation.defaults.start)
    ),
    load: Flag.Int("load").pipe(
      Flag.withDescription("Requests on an ordinary service day, on average (default 24)"),
      Flag.withDefault(Simulation.defaults.load),
      Flag.filterMap(positive(10_000), (n) => `--load must be between 1 and 10000, got ${n}`)
    ),
    operators: Flag.Int("operators").pipe(
      Flag.withDescription("Operators on duty; each answers 8 requests a service day (default 3)"),
      Flag.withDefault(Simulation.defaults.operators),
      Flag.filterMap(positive(1_000), (n) => `--operators must be between 1 and 1000, got ${n}`)
    ),
    emergencyDay: Flag.Int("emergency-day").pipe(
      Flag.withDescription("The day (1 = the first) an emergency is declared; 0 for none. Default: a little past the middle"),
      Flag.optional
    ),
    emergencyDays: Flag.Int("emergency-days").pipe(
      Flag.withDescription("How many days the emergency lasts (default 4)"),
      Flag.withDefault(Simulation.defaults.emergencyDays)
    )
  },
  Effect.fn(function*(input) {
    const progress = yield* ProgressOutput
    const every = Math.max(1, Math.ceil(input.days / 10))
    const onDay = (day: Simulation.Day, index: number, total: number) =>
      progress.isTTY
        ? Effect.sync(() => progress.write(`\r${Render.progressBar(index + 1, total, `days  ${day.date}${day.emergency ? "  ⚠ emergency" : ""}`)}\x1b[K`))
        : (index + 1) % every === 0 || index + 1 === total
        ? Console.error(`simulated ${index + 1}/${total} days (${day.date})`)
        : Effect.void
    const result = yield* Simulation.run({
      days: input.days,
      seed: input.seed,
      start: input.start,
      load: input.load,
      operators: input.operators,
      emergencyDays: input.emergencyDays,
      ...(Option.isSome(input.emergencyDay) ? { emergencyDay: input.emergencyDay.value - 1 } : {}),
      onDay
    }).pipe(Effect.provide(Simulation.layer(input.seed)), plainly("The simulation"))
    if (progress.isTTY) progress.write("\r\x1b[K")
    yield* Console.log(Render.simulationSummary(result).join("\n"))
    yield* Console.log(
      `\nSome ticket codes, for \`sportello explain <code> --simulated --seed ${input.seed} --days ${input.days}\`: ${result.sampleCodes.slice(0, 3).join(", ")}`
    )
  })
).pipe(
  Command.withDescription(
    "Simulate traffic over days on an in-memory engine: requests through every channel, operators answering, " +
      "deadline warnings, and an emergency with a jump in load and round-the-clock service. Prints a summary table and charts."
  ),
  Command.withExamples([
    { command: "sportello simulate --days 30 --seed 42", description: "A month, with an emergency past the middle" },
    { command: "sportello simulate --days 14 --emergency-day 0", description: "Two quiet weeks" }
  ])
)

// -----------------------------------------------------------------------------
// stats
// -----------------------------------------------------------------------------

const stats = Command.make(
  "stats",
  {
    ...storageFlags,
    ...simulatedFlags,
    period: Flag.Literals("period", ["day", "month", "year", "all"]).pipe(
      Flag.withDescription("How to group tickets, by date of receipt (default month)"),
      Flag.withDefault("month")
    ),
    from: Flag.String("from").pipe(Flag.withDescription("The first date of receipt to count"), Flag.withSchema(LocalDate), Flag.optional),
    to: Flag.String("to").pipe(Flag.withDescription("The last date of receipt to count"), Flag.withSchema(LocalDate), Flag.optional),
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDescription("How to print the statistics (default table)"), Flag.withDefault("table"))
  },
  Effect.fn(function*(input) {
    const storage = storageOptions(input)
    const read = (asOf: number | undefined) => Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const query = {
        period: input.period,
        ...(asOf === undefined ? {} : { asOf }),
        ...(Option.isSome(input.from) ? { from: input.from.value } : {}),
        ...(Option.isSome(input.to) ? { to: input.to.value } : {})
      }
      const reports = yield* engine.statistics(query)
      const [all] = yield* engine.statistics({ ...query, period: "all" })
      return { reports, all }
    })
    const { reports, all } = yield* (input.simulated
      ? Effect.gen(function*() {
        const result = yield* SimulationResult
        return yield* read(result.endedAt)
      }).pipe(Effect.provide(simulated(input)))
      : Effect.andThen(storageNote(storage), read(undefined).pipe(Effect.provide(onStorage(storage))))).pipe(plainly("Reading the statistics"))
    switch (input.format) {
      case "json":
        return yield* Console.log(JSON.stringify(reports, null, 2))
      case "csv":
        return yield* Console.log(Render.reportsCsv(reports).join("\n"))
      case "table":
        if (reports.length === 0 || all === undefined) return yield* Console.log("No tickets.")
        return yield* Console.log(
          [...Render.reportsTable(reports), "", `By channel (${input.period === "all" ? "all" : "all periods"}):`, "", ...Render.channelTable(all)].join("\n")
        )
    }
  })
).pipe(
  Command.withDescription("Print the statistics of a storage (or of a simulation): tickets received, open and closed, and the on-time rate, by period and channel. Counts only, no personal data."),
  Command.withExamples([
    { command: "sportello stats --simulated --period day", description: "The simulated month, day by day" },
    { command: "sportello stats --format csv --from 2027-01-01", description: "CSV from a date on" }
  ])
)

// -----------------------------------------------------------------------------
// explain
// -----------------------------------------------------------------------------

const explain = Command.make(
  "explain",
  {
    code: Argument.String("code").pipe(Argument.withDescription("The ticket's code, like ABC-DEF-GHJ-KLM-NPQ")),
    lang: Flag.Literals("lang", ["it", "en"]).pipe(Flag.withDescription("The language of the explanation (default en)"), Flag.withDefault("en")),
    ...storageFlags,
    ...simulatedFlags
  },
  Effect.fn(function*(input) {
    const storage = storageOptions(input)
    const read = Effect.gen(function*() {
      const engine = yield* Engine.Engine
      return yield* engine.details(input.code.trim().toUpperCase())
    })
    const where = input.simulated ? `the simulation with seed ${input.seed} over ${input.days} days` : Storage.describe(storage)
    const details = yield* (input.simulated
      ? read.pipe(Effect.provide(simulated(input)))
      : Effect.andThen(storageNote(storage), read.pipe(Effect.provide(onStorage(storage))))).pipe(
        Effect.catchTag("TicketNotFound", () => fail(`There is no ticket ${input.code} in ${where}.`)),
        plainly("Reading the ticket")
      )
    if (details.explanation === undefined) {
      return yield* Console.log(
        input.lang === "it" ? `La richiesta ${details.code} non ha un termine da spiegare.` : `Ticket ${details.code} has no deadline to explain.`
      )
    }
    yield* Console.log(
      [input.lang === "it" ? `Richiesta ${details.code}` : `Ticket ${details.code}`, "", ...Sla.formatExplanation(details.explanation, input.lang)].join("\n")
    )
  })
).pipe(
  Command.withDescription("Print why a ticket's deadline is what it is: the term, the calendar, emergencies, suspensions, each step (B10)."),
  Command.withExamples([{ command: "sportello explain BK5-8CW-ZNS-T3P-99U --simulated --lang it", description: "A simulated ticket, in Italian" }])
)

// -----------------------------------------------------------------------------
// migrate
// -----------------------------------------------------------------------------

const migrate = Command.make(
  "migrate",
  storageFlags,
  Effect.fn(function*(input) {
    const storage = storageOptions(input)
    // the statistics changes a migration leaves (0003 counts the facts already stored) are folded too
    const report = yield* Effect.tap(Migrations.run(), () => SqlStatistics.compact()).pipe(
      Effect.provide(Storage.sql(storage)),
      Effect.catchTags({
        MigrationError: (e) => fail(`Migrating ${Storage.describe(storage)} failed: ${e.message}`),
        StorageError: (e) => fail(`Migrating ${Storage.describe(storage)} failed: ${e.message}`),
        SqlError: (e) => fail(`Cannot open ${Storage.describe(storage)}: ${e.message}`)
      })
    )
    const byVersion = new Map(Migrations.all.map((m) => [m.version, m.name]))
    yield* Console.log(
      report.applied.length === 0
        ? `${Storage.describe(storage)}: up to date (schema version ${report.current}).`
        : [
          `${Storage.describe(storage)}: applied ${report.applied.length} migration${report.applied.length === 1 ? "" : "s"}, now at schema version ${report.current}.`,
          ...report.applied.map((v) => `  ${v}  ${byVersion.get(v) ?? ""}`)
        ].join("\n")
    )
  })
).pipe(
  Command.withDescription("Bring the storage's schema up to date. Safe to run again: it applies only what is missing.")
)

// -----------------------------------------------------------------------------
// serve
// -----------------------------------------------------------------------------

const serve = Command.make(
  "serve",
  {
    ...storageFlags,
    port: Flag.Int("port").pipe(
      Flag.withDescription("The port to listen on, 0 for any free one (or PORT; default 8080)"),
      Flag.withFallbackConfig(Config.Int("PORT")),
      Flag.withDefault(8080),
      Flag.filterMap((n) => (n >= 0 && n <= 65_535 ? Option.some(n) : Option.none()), (n) => `--port must be between 0 and 65535, got ${n}`)
    ),
    host: Flag.String("host").pipe(Flag.withDescription("The address to listen on (or HOST; default 127.0.0.1)"), Flag.withFallbackConfig(Config.String("HOST")), Flag.withDefault("127.0.0.1"))
  },
  Effect.fn(function*(input) {
    const storage = storageOptions(input)
    const app = Server.layer({ port: input.port, host: input.host, disableListenLog: true }).pipe(Layer.provideMerge(onStorage(storage)))
    yield* Effect.scoped(
      Effect.gen(function*() {
        const context = yield* Layer.build(app)
        const url = HttpServer.formatAddress(Context.get(context, HttpServer.HttpServer).address)
        const issued = yield* Tokens.issue({ subject: "cli-admin", role: "admin", label: "sportello serve" }).pipe(
          Effect.provideContext(context),
          Effect.orDie
        )
        yield* Console.log(
          [
            `Sportello HTTP API on ${url}`,
            `  OpenAPI: ${url}/api/openapi.json`,
            `  Storage: ${Storage.persistent ? Storage.describe(storage) : `in memory (${Storage.describe(storage)} is not used yet)`}`,
            `  Admin token for this run (Authorization: Bearer): ${Redacted.value(issued.token)}`,
            "Press Ctrl+C to stop."
          ].join("\n")
        )
        return yield* Effect.never
      })
    ).pipe(
      Effect.catchTag("ServeError", (e) =>
        fail(
          String(e.cause).includes("EADDRINUSE")
            ? `Port ${input.port} is already in use: choose another with --port.`
            : `The server could not start: ${String(e.cause)}`
        )),
      Effect.catchTag("StorageError", (e: StorageError.StorageError) => fail(`The server could not start: ${e.message}`))
    )
  })
).pipe(Command.withDescription("Serve the HTTP API (intake, status by code, statistics, operator API, OpenAPI) and nothing else."))

// -----------------------------------------------------------------------------
// sportello
// -----------------------------------------------------------------------------

/**
 * The `sportello` command with its subcommands.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("sportello").pipe(
  Command.withDescription("Sportello, the ticket engine of the Civil Protection Department's Contact Center, from the command line."),
  Command.withSubcommands([serve, migrate, simulate, stats, explain])
)

/**
 * Runs `sportello` with the given arguments (without the program's name), as the shell
 * would: the arguments of `process.argv.slice(2)`, or a test's.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (args: ReadonlyArray<string>) => Command.runWith(command, { version })(args)

/**
 * Runs `sportello` with the arguments of the `Stdio` service (the process's, on Node).
 *
 * @since 0.1.0
 * @category running
 */
export const main = Command.run(command, { version })
