/**
 * The core engine (`Engine.layer`) on the SQL ports: a citizen submits, an operator acts,
 * the public looks the request up, timers fire and the relay delivers — with the clock
 * driven by TestClock, on PGlite always and on the server when `SPORTELLO_PG_URL` is set.
 * Then a restart: the same PGlite data directory opened again has everything.
 */
import { assert, describe, it } from "@effect/vitest"
import { Engine, LanguageDetector, Mailer, Outbox, Relay, TicketCodes, TicketStore, Timers } from "@sportello/core"
import { Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Storage } from "../src/index.ts"
import { backends } from "./support/backends.ts"

const at = (iso: string) => Date.parse(iso)

const webForm = (idempotencyKey: string) => ({
  channel: "web-form",
  idempotencyKey,
  requester: {
    kind: "citizen",
    identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
    contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }]
  },
  content: {
    kind: "information",
    subject: "Piano di emergenza comunale",
    text: "Vorrei sapere dove trovare il piano di emergenza del mio comune.",
    language: "it"
  },
  attachments: []
})

const engineOn = <E>(ports: Layer.Layer<Storage.Ports, E>, mailer: Mailer.Service) =>
  Engine.layer().pipe(
    Layer.provideMerge(Layer.mergeAll(
      ports,
      TicketCodes.layerSeeded(Math.floor(Math.random() * 1_000_000)),
      LanguageDetector.layerTest({ language: "it", reliable: true, scores: [{ language: "it", score: 1 }] }),
      Layer.succeed(Mailer.Mailer, mailer)
    ))
  )

const operator = { _tag: "Operator", id: "op-7" } as const

for (const backend of backends) {
  describe(`Engine on the SQL ports (${backend.name})`, () => {
    it.effect("submit, act, look up, fire timers and deliver: every message once, every ticket where it should be", () => {
      const mailer = Mailer.makeMemory()
      return Effect.gen(function*() {
        yield* TestClock.setTime(at("2027-09-06T10:00:00+02:00"))
        const engine = yield* Engine.Engine
        const outbox = yield* Outbox.Outbox

        // Intake is idempotent: the same form twice is one ticket with one acknowledgement.
        const first = yield* engine.submit(webForm("form-answer"))
        const again = yield* engine.submit(webForm("form-answer"))
        assert.strictEqual(again.code, first.code)
        assert.isTrue(again.duplicate)
        assert.lengthOf(yield* outbox.list({ code: first.code }), 1)
        assert.strictEqual((yield* engine.lookup(first.code, "198.51.100.7")).state, "in-progress")

        // An operator answers: closed, on time, and the answer is queued with the ticket.
        yield* TestClock.setTime(at("2027-09-07T11:00:00+02:00"))
        const answered = yield* engine.act(first.code, { _tag: "Answer", by: operator, via: "email", language: "it" }, {
          text: "Il piano è pubblicato sul sito del suo comune."
        })
        assert.strictEqual(answered.ticket.status, "closed")
        assert.strictEqual((yield* engine.lookup(first.code, "c")).state, "closed")
        const [report] = yield* engine.statistics({ period: "all" })
        assert.strictEqual(report!.onTimeRate, 1)

        // A second request waits for documents; 40 days later the timer closes it, once.
        const second = yield* engine.submit(webForm("form-documents"))
        yield* engine.act(second.code, { _tag: "Classify", by: operator, complexity: "complex", why: "serve il piano comunale" })
        yield* engine.act(second.code, { _tag: "Suspend", by: operator, reason: "awaiting-documents" }, { text: "la planimetria" })
        assert.strictEqual((yield* engine.lookup(second.code, "c")).state, "awaiting-documents")
        const [waiting] = yield* engine.worklist({ status: "suspended" })
        assert.strictEqual(waiting?.code, second.code)
        yield* TestClock.setTime(at("2027-11-02T10:00:00+01:00"))
        const fired = yield* Timers.runDue()
        assert.strictEqual(fired.closed, 1)
        assert.deepStrictEqual(yield* Timers.runDue(), { warnings: 0, breaches: 0, closed: 0 })
        assert.strictEqual((yield* engine.lookup(second.code, "c")).outcome, "documents-not-received")
        assert.deepStrictEqual(yield* engine.worklist({}), [])

        // The relay hands every queued message to the mailer once per delivery key.
        const pending = yield* outbox.list({ state: "Pending" })
        assert.isAbove(pending.length, 2)
        const delivered = yield* Relay.deliverDue()
        assert.deepStrictEqual(delivered, { sent: pending.length, failed: 0 })
        assert.deepStrictEqual(yield* Relay.deliverDue(), { sent: 0, failed: 0 })
        const keys = mailer.sent().map((m) => m.deliveryKey)
        assert.strictEqual(new Set(keys).size, keys.length)
        assert.sameMembers(keys, pending.map((e) => e.message.deliveryKey))
        assert.lengthOf(yield* outbox.list({ state: "Pending" }), 0)
      }).pipe(Effect.provide(engineOn(Layer.provide(Storage.layer(), backend.migrated()), mailer)))
    })
  })
}

describe("Engine on PGlite in a data directory", () => {
  it.effect("a restart finds every ticket, its status, its key and its pending messages", () => {
    const dir = mkdtempSync(join(tmpdir(), "sportello-engine-"))
    const ports = () => Storage.layerPglite({ dataDir: join(dir, "data") })
    const mailer = Mailer.makeMemory()
    return Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const code = yield* Effect.gen(function*() {
        const engine = yield* Engine.Engine
        return (yield* engine.submit(webForm("form-restart"))).code
      }).pipe(Effect.provide(engineOn(ports(), mailer)))
      yield* Effect.gen(function*() {
        const engine = yield* Engine.Engine
        const store = yield* TicketStore.TicketStore
        assert.strictEqual((yield* engine.lookup(code, "c")).state, "in-progress")
        assert.isTrue((yield* engine.submit(webForm("form-restart"))).duplicate)
        const history = yield* store.load(code)
        assert.isTrue(Option.isSome(history) && history.value.version > 0)
        assert.deepStrictEqual(yield* Relay.deliverDue(), { sent: 1, failed: 0 })
      }).pipe(Effect.provide(engineOn(ports(), mailer)))
    }).pipe(Effect.ensuring(Effect.sync(() => rmSync(dir, { recursive: true, force: true }))))
  }, 120_000)
})
