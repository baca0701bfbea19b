/**
 * The conformance suite of the `TicketStore` port. Every adapter runs it; the in-memory layer
 * of `@sportello/core` passes it.
 *
 * ```ts no-run
 * import { TicketStoreSuite } from "@sportello/testkit"
 * TicketStoreSuite.ticketStoreSuite("postgres", myStoreLayer, { concurrentWriters: true, skipLocked: true })
 * ```
 *
 * The suite talks to the store only through the `TicketStore` and `Outbox` tags. It is order
 * independent and leaves nothing behind that another test could see: every test uses fresh
 * ticket codes, idempotency keys and operator ids from the platform's cryptographic source,
 * and the queries that return everything due at an instant (timers, closed tickets) are asked
 * about a private window of time between 1971 and 2000 that no real ticket reaches; timers
 * the tests create are completed before they end. Run it against a dedicated database or
 * schema, not one holding real tickets. Capabilities a store does not declare skip the tests
 * that need them.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import {
  Calendar,
  Channel,
  Decider,
  Intake,
  Outbox,
  Policy,
  Projection,
  type Request,
  type Requester,
  Statistics,
  type StorageError,
  Ticket,
  type TicketCode,
  type TicketCommand,
  type TicketEvent,
  TicketStore
} from "@sportello/core"
import { Effect, type Layer, Option, Result } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { commitsOf, forAll, freshCode, freshHistory, freshId, message, privateWindow } from "./internal/suite.ts"
import { DAY, HOUR, MINUTE } from "./internal/time.ts"
import * as Properties from "./Properties.ts"

/**
 * What a store can do; a test that needs a capability the store does not declare is skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /**
   * Several writers may append at once (several engine processes, a connection pool): the
   * store itself must then refuse the losers of a race on one version or one idempotency key.
   * Default `true`; a single-writer store declares `false`.
   */
  readonly concurrentWriters?: boolean
  /**
   * Concurrent claims of due timers never hand out the same timer (e.g. PostgreSQL's
   * `FOR UPDATE SKIP LOCKED`). Default `true`.
   */
  readonly skipLocked?: boolean
}

/**
 * Options of the suite: property runs and seed (else `SPORTELLO_PROPERTY_RUNS` /
 * `SPORTELLO_PROPERTY_SEED`), the environment tickets are decided in (default: the
 * Department's), and how long building the layer may take.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Properties.SuiteOptions {
  readonly env?: Ticket.Environment
}

const citizen: Requester.Requester = {
  kind: "citizen",
  identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
  contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }, { _tag: "Phone", number: "+39 333 123 4567" }]
}

const contentOf = (text: string, over: Partial<Request.Content> = {}): Request.Content => ({
  kind: "information",
  subject: "Richiesta informazioni",
  text,
  language: "it",
  attachments: [],
  ...over
})

const receiveOf = (
  channel: Channel.Definition,
  content: Request.Content,
  options: { readonly idempotencyKey?: string; readonly policy?: Policy.Version } = {}
): TicketCommand.Of<"Receive"> => ({
  _tag: "Receive",
  by: { _tag: "System", component: "intake" },
  code: freshCode(),
  channel: channel.id,
  requester: citizen,
  content,
  screening: Intake.screenWith({ channel, requester: citizen, content }, options.policy ?? Policy.charter, Arbitraries.keywordDetector),
  ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey })
})

const operator = (id: string) => ({ _tag: "Operator" as const, id })

const ordinaryText = "Buongiorno, vorrei sapere come posso diventare volontario della protezione civile."
const emergencyText = "Aiuto, c'è una fuga di gas nel palazzo e nessuno risponde!"

/** Runs commands at instants through the decider and returns the history with its commits. */
const scripted = (
  env: Ticket.Environment,
  receive: TicketCommand.Of<"Receive">,
  receivedAt: number,
  steps: ReadonlyArray<readonly [number, TicketCommand.TicketCommand]>
) => {
  const batches: Array<ReadonlyArray<TicketEvent.TicketEvent>> = []
  let state: Ticket.State = Ticket.unreceived
  for (const [at, command] of [[receivedAt, receive] as const, ...steps]) {
    const result = Decider.run(command, state, { ...env, now: at })
    if (Result.isFailure(result)) throw new Error(`the suite's own script was refused: ${result.failure.message}`)
    state = result.success.state
    batches.push(result.success.events)
  }
  if (state._tag !== "Ticket") throw new Error("no ticket")
  return { code: receive.code, state, batches, events: batches.flat(), commits: commitsOf(batches, env) }
}

const isFailureTagged = <A, E extends { readonly _tag: string }>(result: Result.Result<A, E>, tag: string): boolean =>
  Result.isFailure(result) && result.failure._tag === tag

const mustLoad = (store: TicketStore.Service, code: TicketCode.TicketCode) =>
  Effect.map(store.load(code), (history) => {
    if (Option.isNone(history)) throw new Error(`ticket ${code} was appended but cannot be loaded`)
    return history.value
  })

/**
 * Registers the conformance tests of a `TicketStore` (and the `Outbox` its commits write to)
 * for a layer that provides both:
 * - load returns exactly what was appended, in order, at every version, and refolds to the
 *   state the decider reached; status is the last projection's;
 * - a stale or future expected version is a `VersionConflict` and writes nothing (events,
 *   outbox messages, idempotency key); two writers racing on one version: exactly one wins;
 * - an idempotency key belongs to one ticket per channel, is found again, and a second
 *   ticket with it is refused with the owner's code — also when two race for it;
 * - due timers are claimed once within their lease, come back after it, never before they
 *   are due, never once completed, and a later projection replaces the unfired ones; time is
 *   passed in, never read from a clock; concurrent claims are disjoint;
 * - worklists filter and sort as specified; statistics count the stored facts by period and
 *   date of receipt; closed tickets are found for retention until they are redacted; a
 *   redaction replaces the history atomically and checks the version.
 *
 * @since 0.1.0
 * @category suites
 */
export const ticketStoreSuite = <E>(
  name: string,
  layer: Layer.Layer<TicketStore.TicketStore | Outbox.Outbox, E>,
  capabilities: Capabilities = {},
  options: Options = {}
): void => {
  const env = options.env ?? Arbitraries.departmentEnvironment
  const concurrent = capabilities.concurrentWriters ?? true
  const skipLocked = capabilities.skipLocked ?? true
  const parameters = Properties.parameters<unknown>(25, options)
  const testTimeout = options.testTimeout ?? 30_000
  const timeout = Properties.timeout(parameters.numRuns ?? 25, 200)
  const webForm = Channel.webForm
  const scenario = fc
    .record({
      receive: Arbitraries.channel.chain((ch) => Arbitraries.receive(ch)),
      receivedAt: fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2029, 11, 31) / MINUTE }).map((m) => m * MINUTE),
      steps: Arbitraries.steps({ maxLength: 20 })
    })
    .map((s) => Arbitraries.readable(env.calendar.timeZone, s))
  const simple = (receivedAt: number, over: { readonly idempotencyKey?: string; readonly text?: string } = {}) =>
    scripted(env, receiveOf(webForm, contentOf(over.text ?? ordinaryText), over.idempotencyKey === undefined ? {} : { idempotencyKey: over.idempotencyKey }), receivedAt, [
      [receivedAt + 10 * MINUTE, { _tag: "Classify", by: operator("op-1"), complexity: "complex", why: "serve il parere di un ufficio" }],
      [receivedAt + 20 * MINUTE, { _tag: "AddNote", by: operator("op-1"), text: "chiamata la cittadina" }]
    ])
  const note = (history: { readonly state: Ticket.Ticket }, text: string, at: number): TicketStore.Commit => {
    const result = Decider.run({ _tag: "AddNote", by: operator("op-2"), text }, history.state, { ...env, now: at })
    if (Result.isFailure(result)) throw result.failure
    const state = result.success.state as Ticket.Ticket
    return { code: state.code, expectedVersion: history.state.version, events: result.success.events, projection: Projection.project(state, env), outbox: [] }
  }
  const appendAll = (store: TicketStore.Service, commits: ReadonlyArray<TicketStore.Commit>) => Effect.forEach(commits, (c) => store.append(c), { discard: true })

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`TicketStore conformance (${name})`, (it) => {
    it.effect("an unknown ticket has no history, no status and no idempotency key", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const code = freshCode()
        expect(Option.isNone(yield* store.load(code))).toBe(true)
        expect(Option.isNone(yield* store.status(code))).toBe(true)
        expect(Option.isNone(yield* store.findByIdempotencyKey("web-form", freshId("key")))).toBe(true)
      }), testTimeout)

    it.effect("load returns exactly what was appended, in order, at every version, and refolds to the decider's state", () =>
      forAll(scenario, parameters, ({ receive, receivedAt, steps }) =>
        Effect.gen(function*() {
          const store = yield* TicketStore.TicketStore
          const history = freshHistory(receive, receivedAt, steps, env)
          const appended: Array<TicketEvent.TicketEvent> = []
          for (const commit of history.commits) {
            yield* store.append(commit)
            appended.push(...commit.events)
            const loaded = yield* mustLoad(store, history.code)
            expect(loaded.code).toBe(history.code)
            expect(loaded.version, "the version is the number of events").toBe(appended.length)
            expect(loaded.events, "the loaded history is the appended one, event for event").toStrictEqual(appended)
            expect(Option.getOrUndefined(yield* store.status(history.code)), "the status is the last projection's").toStrictEqual(commit.projection.status)
          }
          const loaded = yield* mustLoad(store, history.code)
          expect(Decider.fold(loaded.events), "the loaded history folds to the state the decider reached").toStrictEqual(history.state)
        })), timeout)

    it.effect("a stale or future expected version is a VersionConflict, and nothing of the commit is written", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const outbox = yield* Outbox.Outbox
        const t0 = Date.UTC(2027, 2, 1, 9, 0)
        const history = simple(t0)
        yield* appendAll(store, history.commits)
        const version = history.events.length
        const next = note(history, "nota", t0 + DAY)
        const m = message({ createdAt: t0 + DAY, code: history.code })
        for (const expectedVersion of [0, version - 1, version + 1]) {
          const result = yield* Effect.result(store.append({ ...next, expectedVersion, outbox: [m] }))
          expect(isFailureTagged(result, "VersionConflict"), `append at version ${expectedVersion} of a ticket at ${version}`).toBe(true)
          if (Result.isFailure(result) && result.failure._tag === "VersionConflict") {
            expect(result.failure.code).toBe(history.code)
            expect(result.failure.expected).toBe(expectedVersion)
            expect(result.failure.actual).toBe(version)
          }
        }
        const loaded = yield* mustLoad(store, history.code)
        expect(loaded.events).toStrictEqual(history.events)
        expect(Option.isNone(yield* outbox.get(m.id)), "a refused commit records no message").toBe(true)
        const again = yield* Effect.result(store.append(history.commits[0]!))
        expect(isFailureTagged(again, "VersionConflict"), "a new ticket appended twice at version 0").toBe(true)
      }), testTimeout)

    it.effect.runIf(concurrent)("two writers racing on one version: exactly one wins, and the history has its events only", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        for (let round = 0; round < 10; round++) {
          const t0 = Date.UTC(2027, 4, 3, 10, round)
          const history = simple(t0)
          yield* appendAll(store, history.commits)
          const writers = [1, 2, 3, 4].map((w) => note(history, `scrittore ${w}`, t0 + DAY))
          const results = yield* Effect.all(writers.map((c) => Effect.result(store.append(c))), { concurrency: "unbounded" })
          const winners = results.flatMap((r, i) => (Result.isSuccess(r) ? [i] : []))
          expect(winners.length, `round ${round}: exactly one of four writers wins`).toBe(1)
          for (const r of results) if (Result.isFailure(r)) expect(r.failure._tag, "the losers get a VersionConflict").toBe("VersionConflict")
          const loaded = yield* mustLoad(store, history.code)
          expect(loaded.events).toStrictEqual([...history.events, ...writers[winners[0]!]!.events])
        }
      }), testTimeout)

    it.effect("an idempotency key belongs to one ticket per channel: found again, refused to a second ticket with the owner's code", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const outbox = yield* Outbox.Outbox
        const key = freshId("submission")
        const t0 = Date.UTC(2027, 5, 7, 11, 0)
        const first = simple(t0, { idempotencyKey: key })
        yield* appendAll(store, first.commits)
        expect(Option.getOrUndefined(yield* store.findByIdempotencyKey(webForm.id, key))).toBe(first.code)
        const second = simple(t0 + MINUTE, { idempotencyKey: key })
        const m = message({ createdAt: t0, code: second.code })
        const result = yield* Effect.result(store.append({ ...second.commits[0]!, outbox: [m] }))
        expect(isFailureTagged(result, "IdempotencyKeyTaken"), "a second ticket with a taken key").toBe(true)
        if (Result.isFailure(result) && result.failure._tag === "IdempotencyKeyTaken") {
          expect(result.failure.code, "the error names the ticket that owns the key").toBe(first.code)
          expect(result.failure.key).toBe(key)
          expect(result.failure.channel).toBe(webForm.id)
        }
        expect(Option.isNone(yield* store.load(second.code)), "nothing of the refused ticket is written").toBe(true)
        expect(Option.isNone(yield* outbox.get(m.id)), "nor its messages").toBe(true)
        const elsewhere = scripted(env, receiveOf(Channel.email, contentOf(ordinaryText, { language: "it" }), { idempotencyKey: key }), t0, [])
        yield* appendAll(store, elsewhere.commits)
        expect(Option.getOrUndefined(yield* store.findByIdempotencyKey(Channel.email.id, key)), "the same key on another channel is another request").toBe(elsewhere.code)
        expect(Option.getOrUndefined(yield* store.findByIdempotencyKey(webForm.id, key))).toBe(first.code)
      }), testTimeout)

    it.effect.runIf(concurrent)("two tickets racing for one idempotency key: exactly one is written", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        for (let round = 0; round < 10; round++) {
          const key = freshId("submission")
          const t0 = Date.UTC(2027, 5, 8, 11, round)
          const rivals = [0, 1, 2].map((i) => simple(t0 + i, { idempotencyKey: key }))
          const results = yield* Effect.all(rivals.map((r) => Effect.result(store.append(r.commits[0]!))), { concurrency: "unbounded" })
          const winners = results.flatMap((r, i) => (Result.isSuccess(r) ? [i] : []))
          expect(winners.length, `round ${round}: exactly one ticket gets the key`).toBe(1)
          for (const r of results) if (Result.isFailure(r)) expect(["IdempotencyKeyTaken", "VersionConflict"]).toContain(r.failure._tag)
          const winner = rivals[winners[0]!]!
          expect(Option.getOrUndefined(yield* store.findByIdempotencyKey(webForm.id, key))).toBe(winner.code)
          for (const [i, r] of rivals.entries()) if (i !== winners[0]) expect(Option.isNone(yield* store.load(r.code))).toBe(true)
        }
      }), testTimeout)

    it.effect("the messages of a commit are recorded with it, once per delivery key", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const outbox = yield* Outbox.Outbox
        const t0 = Date.UTC(2027, 6, 1, 9, 0)
        const history = simple(t0)
        const ack = message({ createdAt: t0, code: history.code })
        const [first, ...rest] = history.commits
        yield* store.append({ ...first!, outbox: [ack] })
        const duplicate = { ...message({ createdAt: t0 + MINUTE, code: history.code }), deliveryKey: ack.deliveryKey }
        yield* store.append({ ...rest[0]!, outbox: [duplicate] })
        const entry = yield* outbox.get(ack.id)
        expect(Option.isSome(entry) && entry.value.message).toStrictEqual(ack)
        expect(Option.isSome(entry) && entry.value.state._tag).toBe("Pending")
        expect(Option.isNone(yield* outbox.get(duplicate.id)), "a second message with the same delivery key is not recorded").toBe(true)
        const listed = yield* outbox.list({ code: history.code })
        expect(listed.map((e) => e.message.id)).toStrictEqual([ack.id])
      }), testTimeout)

    it.effect("due timers: claimed once within the lease, again after it, never before due, never once completed; time is passed in", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const w = privateWindow()
        const history = simple(w)
        const code = history.code
        const timer = (kind: Projection.TimerKind, dueAt: number): Projection.Timer => ({ key: `${code}:${kind}:${dueAt}`, code, kind, dueAt })
        const t1 = timer("at-risk", w + 10 * MINUTE)
        const t2 = timer("breach", w + 20 * MINUTE)
        const t3 = timer("auto-close", w + 100 * MINUTE)
        const t4 = timer("breach", w + 300 * MINUTE)
        const [c0, c1, c2] = history.commits
        yield* store.append(c0!)
        yield* store.append({ ...c1!, projection: { ...c1!.projection, timers: [t1, t2, t3] } })
        const lease = 30 * MINUTE
        const claim = (now: number) =>
          Effect.map(store.claimTimers({ now, limit: 10_000, leaseMs: lease }), (ts) => ts.filter((t) => t.code === code).sort((a, b) => a.dueAt - b.dueAt))
        expect(yield* claim(w + 50 * MINUTE), "the timers due at the instant passed in, not at the wall clock's").toStrictEqual([t1, t2])
        expect(yield* claim(w + 51 * MINUTE), "a claimed timer is not handed out again within its lease").toStrictEqual([])
        expect(yield* claim(w + 80 * MINUTE), "a claim whose lease ran out is handed out again").toStrictEqual([t1, t2])
        yield* store.completeTimer(t1.key)
        expect(yield* claim(w + 200 * MINUTE), "a completed timer never comes back").toStrictEqual([t2, t3])
        yield* store.append({ ...c2!, projection: { ...c2!.projection, timers: [t1, t4] } })
        expect(yield* claim(w + 1_000 * MINUTE), "a later projection replaces the unfired timers and never revives a fired one").toStrictEqual([t4])
        for (const t of [t2, t3, t4]) yield* store.completeTimer(t.key)
        expect(yield* claim(w + 10_000 * MINUTE)).toStrictEqual([])
        const limited = yield* store.claimTimers({ now: w + 10_000 * MINUTE, limit: 1, leaseMs: lease })
        expect(limited.length).toBeLessThanOrEqual(1)
      }), testTimeout)

    it.effect.runIf(skipLocked)("concurrent claims of due timers never hand out the same timer", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const w = privateWindow()
        const history = simple(w)
        const code = history.code
        const timers: Array<Projection.Timer> = Array.from({ length: 12 }, (_, i) => ({ key: `${code}:breach:${w + i * MINUTE}`, code, kind: "breach", dueAt: w + i * MINUTE }))
        yield* store.append({ ...history.commits[0]!, projection: { ...history.commits[0]!.projection, timers } })
        const now = w + 60 * MINUTE
        const claims = yield* Effect.all(
          [0, 1, 2, 3].map(() => store.claimTimers({ now, limit: 5, leaseMs: DAY })),
          { concurrency: "unbounded" }
        )
        for (const c of claims) expect(c.length).toBeLessThanOrEqual(5)
        const mine = claims.flat().filter((t) => t.code === code).map((t) => t.key)
        expect(new Set(mine).size, "no timer is handed out twice").toBe(mine.length)
        const rest = (yield* store.claimTimers({ now, limit: 10_000, leaseMs: DAY })).filter((t) => t.code === code).map((t) => t.key)
        expect([...mine, ...rest].sort(), "and none is lost").toStrictEqual(timers.map((t) => t.key).sort())
        for (const t of timers) yield* store.completeTimer(t.key)
      }), testTimeout)

    it.effect("worklists: open and suspended tickets, filtered, urgent first, then by due date, undated last", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const op = freshId("op")
        const t0 = Date.UTC(2027, 8, 6, 10, 0)
        const assign = (at: number) => [at, { _tag: "Assign" as const, by: operator("supervisor"), operator: op }] as const
        const ordinary = scripted(env, receiveOf(webForm, contentOf(ordinaryText)), t0, [assign(t0 + MINUTE)])
        const urgent = scripted(env, receiveOf(webForm, contentOf(emergencyText)), t0 + HOUR, [assign(t0 + HOUR + MINUTE)])
        const waiting = scripted(env, receiveOf(Channel.letter, contentOf(ordinaryText, { language: "it" })), t0, [
          assign(t0 + MINUTE),
          [t0 + 2 * MINUTE, { _tag: "Suspend", by: operator(op), reason: "awaiting-documents" }]
        ])
        const closed = scripted(env, receiveOf(webForm, contentOf(ordinaryText)), t0, [assign(t0 + MINUTE), [t0 + 2 * MINUTE, { _tag: "Close", by: operator(op), outcome: "withdrawn" }]])
        for (const h of [closed, waiting, ordinary, urgent]) yield* appendAll(store, h.commits)
        const entry = (h: { readonly commits: ReadonlyArray<TicketStore.Commit> }) => h.commits.at(-1)!.projection.worklist
        expect(urgent.state.screening.emergency.flagged).toBe(true)
        expect(yield* store.worklist({ assignee: op })).toStrictEqual([entry(urgent), entry(ordinary), entry(waiting)])
        expect(yield* store.worklist({ assignee: op, status: "suspended" })).toStrictEqual([entry(waiting)])
        expect(yield* store.worklist({ assignee: op, status: "open", limit: 1 })).toStrictEqual([entry(urgent)])
        expect(yield* store.worklist({ assignee: op, queue: "desk", topic: "no-such-topic" })).toStrictEqual([])
      }), testTimeout)

    it.effect("statistics count the stored facts of the dates asked, as of an instant", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const day = Calendar.localDate(env.calendar, privateWindow())
        const at = Calendar.startOfDay(env.calendar, day) + 11 * HOUR
        const query = (asOf: number) =>
          Effect.map(store.statistics({ period: "day", asOf, from: day, to: day }), (reports) => reports.find((r) => r.period === day))
        const count = (r: Statistics.Report | undefined, f: (r: Statistics.Report) => number | undefined) => (r === undefined ? 0 : f(r) ?? 0)
        const before = yield* query(at + 2 * DAY)
        const beforeEarly = yield* query(at + 30 * MINUTE)
        const open = scripted(env, receiveOf(webForm, contentOf(ordinaryText)), at, [])
        const answered = scripted(env, receiveOf(Channel.email, contentOf(ordinaryText)), at + HOUR, [
          [at + 2 * HOUR, { _tag: "Answer", by: operator("op-1"), via: "email", language: "it" }]
        ])
        const nextDay = scripted(env, receiveOf(webForm, contentOf(ordinaryText)), at + DAY, [])
        for (const h of [open, answered, nextDay]) yield* appendAll(store, h.commits)
        const after = yield* query(at + 2 * DAY)
        const delta = (f: (r: Statistics.Report) => number | undefined) => count(after, f) - count(before, f)
        expect(after, `a report for ${day}`).toBeDefined()
        expect(delta((r) => r.received), "received on that date, and only on it").toBe(2)
        expect(delta((r) => r.open)).toBe(1)
        expect(delta((r) => r.closed)).toBe(1)
        expect(delta((r) => r.byChannel["email"]?.closed)).toBe(1)
        expect(delta((r) => r.byChannel["web-form"]?.open)).toBe(1)
        expect(delta((r) => r.byRequesterKind["citizen"]?.received)).toBe(2)
        expect(delta((r) => r.byOutcome["answered"])).toBe(1)
        const early = yield* query(at + 30 * MINUTE)
        expect(count(early, (r) => r.received) - count(beforeEarly, (r) => r.received), "as of an instant, later receipts are not counted").toBe(1)
      }), testTimeout)

    it.effect("statistics equal Statistics.fromFacts over the stored facts, for every period, at any instant", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const span = 4 * DAY
        const localDate = (at: number) => Calendar.localDate(env.calendar, at)
        // A window of days on which no ticket of this store was received (a persistent store
        // may hold an earlier run's tickets): the reports of its dates are this run's alone.
        const emptyWindow: Effect.Effect<number, StorageError.StorageError> = Effect.suspend(() => {
          const start = Calendar.startOfDay(env.calendar, localDate(privateWindow()))
          return Effect.flatMap(
            store.statistics({ period: "all", asOf: start + 1000 * DAY, from: localDate(start), to: localDate(start + span) }),
            (reports) => (reports.length === 0 ? Effect.succeed(start) : emptyWindow)
          )
        })
        const lives = fc.array(
          fc.record({
            receive: Arbitraries.channel.chain((ch) => Arbitraries.receive(ch)),
            offset: fc.integer({ min: 0, max: span / MINUTE }).map((m) => m * MINUTE),
            steps: Arbitraries.steps({ maxLength: 12 })
          }),
          { minLength: 1, maxLength: 6 }
        )
        const arbitrary = fc.record({ lives, picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }) })
        yield* forAll(arbitrary, parameters, ({ lives, picks }) =>
          Effect.gen(function*() {
            const start = yield* emptyWindow
            const histories = lives.map((life) => freshHistory(life.receive, start + life.offset, life.steps, env))
            for (const h of histories) yield* appendAll(store, h.commits)
            const facts = histories.map((h) => Statistics.factOf(h.state as Ticket.Ticket, env))
            const from = localDate(start)
            const to = localDate(start + span)
            // instants around the receipts and the first deadlines, where counts change
            const candidates = facts.flatMap((f) => [f.receivedAt - 1, f.receivedAt, ...(f.firstDue === undefined ? [] : [f.firstDue - 1, f.firstDue])])
            const instants = [start - 1, start + 1000 * DAY, ...picks.map((p) => candidates[p % candidates.length]!)]
            for (const period of ["day", "month", "year", "all"] as const) {
              for (const asOf of instants) {
                expect(
                  yield* store.statistics({ period, asOf, from, to }),
                  `${period} reports from ${from} to ${to} as of ${new Date(asOf).toISOString()}`
                ).toStrictEqual(Statistics.fromFacts(facts, { period, asOf }))
              }
            }
          }))
      }), timeout)

    it.effect("closed tickets are found for retention until their personal data is redacted; a redaction checks the version", () =>
      Effect.gen(function*() {
        const store = yield* TicketStore.TicketStore
        const w = privateWindow()
        const closedAt = w + HOUR
        const history = scripted(env, receiveOf(webForm, contentOf(ordinaryText)), w, [[closedAt, { _tag: "Close", by: operator("op-1"), outcome: "withdrawn" }]])
        yield* appendAll(store, history.commits)
        const found = (instant: number) => Effect.map(store.closedBefore(instant, 100_000), (codes) => codes.includes(history.code))
        expect(yield* found(closedAt), "not before its closing").toBe(false)
        expect(yield* found(closedAt + 1), "found once closed before the instant").toBe(true)
        expect((yield* store.closedBefore(closedAt + 1, 1)).length).toBeLessThanOrEqual(1)
        const erase = Decider.run({ _tag: "ErasePersonalData", by: { _tag: "System", component: "retention" } }, history.state, { ...env, now: closedAt + 400 * DAY })
        if (Result.isFailure(erase)) throw erase.failure
        const redacted = history.events.map((e) => (e._tag === "Received" ? { ...e, requester: { kind: e.requester.kind, contacts: [] }, content: { ...e.content, text: "" } } : e))
        const commit = {
          code: history.code,
          expectedVersion: history.events.length,
          events: erase.success.events,
          projection: Projection.project(erase.success.state as Ticket.Ticket, env),
          outbox: [],
          redacted
        }
        const stale = yield* Effect.result(store.redact({ ...commit, expectedVersion: history.events.length - 1 }))
        expect(isFailureTagged(stale, "VersionConflict"), "a redaction at a stale version").toBe(true)
        const short = yield* Effect.result(store.redact({ ...commit, redacted: redacted.slice(1) }))
        expect(isFailureTagged(short, "VersionConflict"), "a redacted history of another length").toBe(true)
        expect((yield* mustLoad(store, history.code)).events, "a refused redaction changes nothing").toStrictEqual(history.events)
        yield* store.redact(commit)
        const loaded = yield* mustLoad(store, history.code)
        expect(loaded.events).toStrictEqual([...redacted, ...erase.success.events])
        expect(loaded.version).toBe(redacted.length + erase.success.events.length)
        expect(yield* found(closedAt + 1), "a redacted ticket is not found again").toBe(false)
      }), testTimeout)
  })
}
