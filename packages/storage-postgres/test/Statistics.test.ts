/**
 * Statistics from maintained counters (`SqlStatistics`), on PGlite always and on the server
 * when `SPORTELLO_PG_URL` is set. The testkit's suite holds every store to
 * `Statistics.fromFacts` on a few tickets in a range of dates; here, each run has a store of
 * its own, so that the reports without a range (the counters of a whole period) are checked
 * too, on enough answered tickets that many answers share a bucket of the median's index:
 * - reports of every period, at instants around receipts and deadlines, equal
 *   `Statistics.fromFacts` over every stored fact — also after more commits change tickets
 *   already counted, and after `SqlStatistics.rebuild`;
 * - migration 0003 counts the facts a store held before it;
 * - commits racing with compactions lose no count (server: separate sessions).
 */
import { describe, expect, it } from "@effect/vitest"
import { Decider, Projection, Statistics, Ticket, TicketCode, type TicketCommand, TicketStore } from "@sportello/core"
import { Arbitraries } from "@sportello/testkit"
import { Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import * as fc from "fast-check"
import { Migrations, SqlStatistics, Storage } from "../src/index.ts"
import { backends } from "./support/backends.ts"

const MINUTE = 60_000
const DAY = 86_400_000
const env = Arbitraries.departmentEnvironment
const operator = { _tag: "Operator", id: "op-1" } as const
const START = Date.UTC(2027, 0, 4, 8)

/** One ticket: received at an instant, then answered (or closed, or left open) later. */
interface Plan {
  readonly receive: TicketCommand.Of<"Receive">
  readonly at: number
  /** Minutes until the operator acts; the answers cluster between 40 and 100 minutes. */
  readonly after: number
  readonly ending: "answer" | "withdraw" | "open"
}

const plans = fc.array(
  fc.record({
    receive: Arbitraries.channel.chain((ch) => Arbitraries.receive(ch, { answerable: true })),
    at: fc.integer({ min: 0, max: 120 * 24 * 60 }).map((m) => START + m * MINUTE),
    after: fc.oneof(fc.integer({ min: 40, max: 100 }), fc.integer({ min: 1, max: 60 * 24 * 40 })),
    ending: fc.constantFrom("answer", "answer", "answer", "withdraw", "open")
  }),
  { minLength: 40, maxLength: 120 }
)

/** The commits of a plan, through the decider (refused commands leave no trace). */
const commitsOf = (plan: Plan) => {
  const code = TicketCode.fromRandomBytes((bytes) => globalThis.crypto.getRandomValues(bytes))
  const steps: Array<readonly [number, TicketCommand.TicketCommand]> = [[plan.at, { ...plan.receive, code }]]
  const later = plan.at + plan.after * MINUTE
  if (plan.ending === "answer") steps.push([later, { _tag: "Answer", by: operator, via: "email", language: "it" }])
  if (plan.ending === "withdraw") steps.push([later, { _tag: "Close", by: operator, outcome: "withdrawn" }])
  let state: Ticket.State = Ticket.unreceived
  const commits: Array<TicketStore.Commit> = []
  for (const [now, command] of steps) {
    const result = Decider.run(command, state, { ...env, now })
    if (Result.isFailure(result)) continue
    const expectedVersion = state._tag === "Ticket" ? state.version : 0
    state = result.success.state
    const ticket = state as Ticket.Ticket
    commits.push({ code, expectedVersion, events: result.success.events, projection: Projection.project(ticket, env), outbox: [] })
  }
  return { commits, ticket: state as Ticket.Ticket }
}

/** Every period's reports at instants where counts change equal `fromFacts` over `facts`. */
const agree = (facts: ReadonlyArray<Statistics.Fact>, picks: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const store = yield* TicketStore.TicketStore
    const candidates = facts.flatMap((f) => [f.receivedAt, f.receivedAt - 1, ...(f.firstDue === undefined ? [] : [f.firstDue, f.firstDue - 1])])
    const instants = [START - 1, START + 1000 * DAY, ...picks.map((p) => candidates[p % candidates.length]!)]
    for (const period of ["day", "month", "year", "all"] as const) {
      for (const asOf of instants) {
        expect(yield* store.statistics({ period, asOf }), `${period} reports as of ${new Date(asOf).toISOString()}`).toStrictEqual(
          Statistics.fromFacts(facts, { period, asOf })
        )
      }
    }
  })

for (const backend of backends) {
  const ports = () => Layer.provideMerge(Storage.layer(), backend.migrated())

  describe(`statistics from counters (${backend.name})`, () => {
    it.live("reports of whole periods equal Statistics.fromFacts over every fact, before and after a rebuild", () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(plans, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (list, picks) =>
            Effect.gen(function*() {
              const store = yield* TicketStore.TicketStore
              const lives = list.map(commitsOf)
              // receipts first, then the endings: later commits change what counted tickets count for
              for (const life of lives) yield* store.append(life.commits[0]!)
              for (const life of lives) yield* Effect.forEach(life.commits.slice(1), store.append, { discard: true })
              const facts = lives.map((life) => Statistics.factOf(life.ticket, env))
              yield* agree(facts, picks)
              yield* SqlStatistics.rebuild
              yield* agree(facts, picks)
            }).pipe(Effect.provide(ports()), Effect.runPromise)
          ),
          { numRuns: backend.concurrentSessions ? 6 : 3 }
        )
      ), 120_000)

    it.effect("migration 0003 counts the facts a store held before it", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* Migrations.run(Migrations.all.slice(0, 2))
        const lives = fc.sample(plans, { numRuns: 1, seed: 42 })[0]!.map(commitsOf)
        const facts = lives.map((life) => Statistics.factOf(life.ticket, env))
        // the rows as migration 0002's statistics_facts held them
        for (const f of facts) {
          yield* sql`
            INSERT INTO statistics_facts (code, received_at, received_on, channel, requester_kind, topic, closed, closed_at, outcome, fact)
            VALUES (${f.code}, ${new Date(f.receivedAt)}, ${f.receivedOn}::date, ${f.channel}, ${f.requesterKind}, ${f.topic},
              ${f.closed}, ${f.closedAt === undefined ? null : new Date(f.closedAt)}::timestamptz, ${f.outcome ?? null},
              ${JSON.stringify(f)}::jsonb)`
        }
        yield* Migrations.run()
        yield* agree(facts, [0, 7, 11, 23]).pipe(Effect.provide(Storage.layer()))
      }).pipe(Effect.provide(backend.schema())))

    it.effect.runIf(backend.concurrentSessions)("commits racing with compactions lose no count", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const lives = fc.sample(plans, { numRuns: 3, seed: 7 }).flat().map(commitsOf)
        const facts = lives.map((life) => Statistics.factOf(life.ticket, env))
        let writing = true
        const writers = Effect.forEach(lives, (life) => Effect.forEach(life.commits, store.append, { discard: true }), {
          concurrency: 4,
          discard: true
        }).pipe(Effect.ensuring(Effect.sync(() => (writing = false))))
        const compactor = Effect.whileLoop({
          while: () => writing,
          body: () => Effect.andThen(SqlStatistics.compact(5), Effect.yieldNow),
          step: () => undefined
        })
        yield* Effect.all([writers, compactor], { concurrency: "unbounded", discard: true })
        yield* agree(facts, [1, 2, 3, 5])
      }).pipe(Effect.provide(ports())), 120_000)
  })
}
