/**
 * The conformance suite of the `Outbox` port: the transactional outbox every message leaves
 * through.
 *
 * ```ts no-run
 * import { outboxSuite } from "@sportello/testkit"
 * outboxSuite("postgres", myOutboxLayer, { skipLocked: true })
 * ```
 *
 * Tests talk to the outbox only through the `Outbox` tag. Every message a test records has a
 * fresh id and delivery key and is due in a private window of time between 1971 and 2000, so
 * claims see only what the test put there; tests mark their messages sent or dead before they
 * end. Run it against a dedicated database or schema.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { Outbox } from "@sportello/core"
import { Effect, type Layer, Option } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import { forAll, freshCode, message, privateWindow } from "./internal/suite.ts"
import { HOUR, MINUTE } from "./internal/time.ts"
import * as Properties from "./Properties.ts"

/**
 * What an outbox can do; tests that need an undeclared capability are skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /** Concurrent claims never hand out the same message (e.g. `FOR UPDATE SKIP LOCKED`). Default `true`. */
  readonly skipLocked?: boolean
}

/**
 * Options of the suite.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Properties.SuiteOptions {}

const retryPolicy: fc.Arbitrary<Outbox.RetryPolicy> = fc
  .record({ baseDelay: fc.integer({ min: 1, max: 10 }), factor: fc.integer({ min: 1, max: 64 }), maxAttempts: fc.integer({ min: 1, max: 6 }) })
  .map(({ baseDelay, factor, maxAttempts }) => ({ baseDelay: baseDelay * MINUTE, maxDelay: baseDelay * factor * MINUTE, maxAttempts }))

/**
 * Registers the conformance tests of an `Outbox`:
 * - an enqueued message is pending and reads back unchanged; a delivery key (and an id) is
 *   recorded once;
 * - a claim hands out only due messages, not again within the lease, again after it (a
 *   crashed relay loses nothing), never more than its limit; concurrent claims are disjoint;
 * - a sent message never comes back and keeps the provider's id;
 * - a failed attempt is retried after the policy's backoff and becomes a dead letter after
 *   the policy's limit, or at once when permanent; marking a message that is no longer
 *   pending changes nothing;
 * - listing filters by ticket and state, newest first.
 *
 * @since 0.1.0
 * @category suites
 */
export const outboxSuite = <E>(name: string, layer: Layer.Layer<Outbox.Outbox, E>, capabilities: Capabilities = {}, options: Options = {}): void => {
  const parameters = Properties.parameters<unknown>(25, options)
  const testTimeout = options.testTimeout ?? 30_000
  const timeout = Properties.timeout(parameters.numRuns ?? 25, 100)
  const lease = 5 * MINUTE
  const mine = (outbox: Outbox.Service, ids: ReadonlyArray<string>, now: number, limit = 10_000) =>
    Effect.map(outbox.claim({ now, limit, leaseMs: lease }), (claimed) => claimed.filter((c) => ids.includes(c.message.id)))
  const stateOf = (outbox: Outbox.Service, id: string) =>
    Effect.map(outbox.get(id), (entry) => {
      if (Option.isNone(entry)) throw new Error(`message ${id} was recorded but cannot be read`)
      return entry.value.state
    })

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`Outbox conformance (${name})`, (it) => {
    it.effect("an enqueued message is pending and reads back unchanged; an unknown id reads nothing", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const m = message({ createdAt: w, code: freshCode() })
        yield* outbox.enqueue([m])
        const entry = yield* outbox.get(m.id)
        expect(Option.isSome(entry) && entry.value.message, "the message reads back unchanged").toStrictEqual(m)
        expect(Option.isSome(entry) && entry.value.state).toMatchObject({ _tag: "Pending", attempts: 0 })
        expect(Option.isNone(yield* outbox.get(`${m.id}-absent`))).toBe(true)
        yield* outbox.markSent(m.id, { at: w })
      }), testTimeout)

    it.effect("a delivery key is recorded once, and so is an id", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const m = message({ createdAt: w })
        const sameKey = { ...message({ createdAt: w + MINUTE }), deliveryKey: m.deliveryKey }
        const sameId = { ...message({ createdAt: w + MINUTE }), id: m.id, body: "altro testo" }
        yield* outbox.enqueue([m])
        yield* outbox.enqueue([sameKey, sameId])
        expect(Option.isNone(yield* outbox.get(sameKey.id)), "a second message with the delivery key is not recorded").toBe(true)
        const entry = yield* outbox.get(m.id)
        expect(Option.isSome(entry) && entry.value.message, "the first message with the id stays as it was").toStrictEqual(m)
        expect((yield* mine(outbox, [m.id, sameKey.id], w + HOUR)).map((c) => c.message.id)).toStrictEqual([m.id])
        yield* outbox.markSent(m.id, { at: w + HOUR })
      }), testTimeout)

    it.effect("a claim hands out due messages only, not again within the lease, again after it", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const m = message({ createdAt: w })
        yield* outbox.enqueue([m])
        expect(yield* mine(outbox, [m.id], w - 1), "not before it is due").toStrictEqual([])
        expect(yield* mine(outbox, [m.id], w), "due at its creation").toStrictEqual([{ message: m, attempts: 0 }])
        expect(yield* mine(outbox, [m.id], w + lease - 1), "not again within the lease").toStrictEqual([])
        expect(yield* mine(outbox, [m.id], w + lease), "again once the lease ran out: a crashed relay loses nothing").toStrictEqual([{ message: m, attempts: 0 }])
        yield* outbox.markSent(m.id, { at: w + lease })
      }), testTimeout)

    it.effect("a claim honours its limit and hands out the longest-waiting message first", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const ms = [2, 0, 1].map((k) => message({ createdAt: w + k * MINUTE }))
        yield* outbox.enqueue(ms)
        const ids = ms.map((m) => m.id)
        const claimed = yield* outbox.claim({ now: w + 10 * MINUTE, limit: 1, leaseMs: lease })
        expect(claimed.length).toBeLessThanOrEqual(1)
        const own = claimed.filter((c) => ids.includes(c.message.id))
        if (own.length > 0) expect(own[0]!.message.id, "the oldest of the due messages").toBe(ms[1]!.id)
        const rest = yield* mine(outbox, ids, w + 10 * MINUTE)
        expect([...own, ...rest].map((c) => c.message.id).sort()).toStrictEqual([...ids].sort())
        for (const id of ids) yield* outbox.markSent(id, { at: w + 10 * MINUTE })
      }), testTimeout)

    it.effect("a sent message keeps the provider's id and never comes back", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const m = message({ createdAt: w })
        yield* outbox.enqueue([m])
        yield* mine(outbox, [m.id], w)
        yield* outbox.markSent(m.id, { at: w + MINUTE, providerId: "smtp-4711" })
        expect(yield* stateOf(outbox, m.id)).toStrictEqual({ _tag: "Sent", attempts: 1, sentAt: w + MINUTE, providerId: "smtp-4711" })
        expect(yield* mine(outbox, [m.id], w + 1000 * HOUR)).toStrictEqual([])
      }), testTimeout)

    it.effect("a failed attempt is retried after the backoff; after the limit the message is a dead letter", () =>
      forAll(retryPolicy, parameters, (policy) =>
        Effect.gen(function*() {
          const outbox = yield* Outbox.Outbox
          const w = privateWindow()
          const m = message({ createdAt: w, purpose: "answer" })
          yield* outbox.enqueue([m])
          let now = w
          for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
            expect(yield* mine(outbox, [m.id], now), `attempt ${attempt} is handed out when due`).toStrictEqual([{ message: m, attempts: attempt - 1 }])
            yield* outbox.markFailed(m.id, { at: now, error: `451 4.7.1 greylisted (${attempt})`, permanent: false, policy })
            const state = yield* stateOf(outbox, m.id)
            if (attempt < policy.maxAttempts) {
              const next = now + Outbox.backoff(policy, attempt)
              expect(state, `after failed attempt ${attempt}`).toStrictEqual({ _tag: "Pending", attempts: attempt, nextAttemptAt: next, lastError: `451 4.7.1 greylisted (${attempt})` })
              expect(yield* mine(outbox, [m.id], next - 1), "not before the backoff").toStrictEqual([])
              now = next
            } else {
              expect(state, "after the last attempt").toStrictEqual({ _tag: "DeadLetter", attempts: attempt, failedAt: now, lastError: `451 4.7.1 greylisted (${attempt})` })
            }
          }
          expect(yield* mine(outbox, [m.id], now + 1000 * HOUR), "a dead letter never comes back").toStrictEqual([])
        })), timeout)

    it.effect("a permanent failure is a dead letter at once; marking a message no longer pending changes nothing", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const policy = Outbox.defaultRetryPolicy
        const dead = message({ createdAt: w })
        const sent = message({ createdAt: w })
        yield* outbox.enqueue([dead, sent])
        yield* mine(outbox, [dead.id, sent.id], w)
        yield* outbox.markFailed(dead.id, { at: w + MINUTE, error: "550 5.1.1 user unknown", permanent: true, policy })
        expect(yield* stateOf(outbox, dead.id)).toStrictEqual({ _tag: "DeadLetter", attempts: 1, failedAt: w + MINUTE, lastError: "550 5.1.1 user unknown" })
        yield* outbox.markSent(sent.id, { at: w + MINUTE, providerId: "p-1" })
        yield* outbox.markSent(dead.id, { at: w + 2 * MINUTE })
        yield* outbox.markFailed(sent.id, { at: w + 2 * MINUTE, error: "late", permanent: false, policy })
        yield* outbox.markSent(sent.id, { at: w + 3 * MINUTE, providerId: "p-2" })
        expect((yield* stateOf(outbox, dead.id))._tag, "a dead letter stays dead").toBe("DeadLetter")
        expect(yield* stateOf(outbox, sent.id), "a sent message stays as it was sent").toStrictEqual({ _tag: "Sent", attempts: 1, sentAt: w + MINUTE, providerId: "p-1" })
      }), testTimeout)

    it.effect("messages are listed by ticket and state, newest first, within the limit", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const code = freshCode()
        const ms = [0, 1, 2].map((k) => message({ createdAt: w + k * MINUTE, code }))
        for (const m of ms) yield* outbox.enqueue([m])
        yield* mine(outbox, [ms[0]!.id], w)
        yield* outbox.markSent(ms[0]!.id, { at: w + MINUTE })
        const ids = (entries: ReadonlyArray<Outbox.Entry>) => entries.map((e) => e.message.id)
        expect(ids(yield* outbox.list({ code })), "newest first").toStrictEqual([ms[2]!.id, ms[1]!.id, ms[0]!.id])
        expect(ids(yield* outbox.list({ code, state: "Sent" }))).toStrictEqual([ms[0]!.id])
        expect(ids(yield* outbox.list({ code, state: "Pending", limit: 1 }))).toStrictEqual([ms[2]!.id])
        expect(ids(yield* outbox.list({ code: freshCode() }))).toStrictEqual([])
        for (const m of ms.slice(1)) yield* outbox.markSent(m.id, { at: w + 3 * MINUTE })
      }), testTimeout)

    it.effect("erasing a ticket's messages removes their addresses and texts, keeps the facts, and stops what is pending", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const code = freshCode()
        const sent = message({ createdAt: w, code })
        const pending = message({ createdAt: w + MINUTE, code })
        const other = message({ createdAt: w, code: freshCode() })
        yield* outbox.enqueue([sent, pending, other])
        yield* mine(outbox, [sent.id], w)
        yield* outbox.markSent(sent.id, { at: w + MINUTE, providerId: "p-1" })
        yield* outbox.erase(code)
        for (const m of [sent, pending]) {
          const entry = Option.getOrThrow(yield* outbox.get(m.id))
          expect(entry.message, "to whom and what it said is gone").toStrictEqual(Outbox.erased(m))
        }
        expect(yield* stateOf(outbox, sent.id), "what was sent, and when, stays").toStrictEqual({ _tag: "Sent", attempts: 1, sentAt: w + MINUTE, providerId: "p-1" })
        expect((yield* stateOf(outbox, pending.id))._tag, "a pending message is never delivered once erased").toBe("DeadLetter")
        expect((yield* mine(outbox, [pending.id], w + HOUR)).length).toBe(0)
        expect(Option.getOrThrow(yield* outbox.get(other.id)).message, "other tickets' messages are untouched").toStrictEqual(other)
        yield* outbox.markSent(other.id, { at: w + HOUR })
      }), testTimeout)

    it.effect.runIf(capabilities.skipLocked ?? true)("concurrent claims never hand out the same message, and lose none", () =>
      Effect.gen(function*() {
        const outbox = yield* Outbox.Outbox
        const w = privateWindow()
        const ms = Array.from({ length: 12 }, (_, k) => message({ createdAt: w + k * MINUTE }))
        yield* outbox.enqueue(ms)
        const ids = ms.map((m) => m.id)
        const now = w + HOUR
        const claims = yield* Effect.all([0, 1, 2, 3].map(() => outbox.claim({ now, limit: 5, leaseMs: HOUR })), { concurrency: "unbounded" })
        for (const c of claims) expect(c.length).toBeLessThanOrEqual(5)
        const claimed = claims.flat().map((c) => c.message.id).filter((id) => ids.includes(id))
        expect(new Set(claimed).size, "no message is handed out twice").toBe(claimed.length)
        const rest = (yield* mine(outbox, ids, now)).map((c) => c.message.id)
        expect([...claimed, ...rest].sort(), "and none is lost").toStrictEqual([...ids].sort())
        for (const id of ids) yield* outbox.markSent(id, { at: now })
      }), testTimeout)
  })
}
