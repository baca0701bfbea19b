/**
 * The engine at the level of user stories, on the in-memory layers, with the clock driven by
 * TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import {
  AttachmentStore,
  Engine,
  LanguageDetector,
  Mailer,
  Outbox,
  Relay,
  TicketCodes,
  TicketStore,
  Timers
} from "@sportello/core"

const mailer = Mailer.makeMemory()
const makeLayer = (store: Layer.Layer<TicketStore.TicketStore | Outbox.Outbox> = TicketStore.layerMemory) =>
  Engine.layer().pipe(
    Layer.provideMerge(Layer.mergeAll(
      store,
      AttachmentStore.layerMemory(),
      TicketCodes.layerSeeded(7),
      LanguageDetector.layerTest({ language: "it", reliable: true, scores: [{ language: "it", score: 1 }] })
    )),
    Layer.provideMerge(Layer.succeed(Mailer.Mailer, mailer))
  )

const at = (iso: string) => Date.parse(iso)

const webForm = (overrides: Record<string, unknown> = {}) => ({
  channel: "web-form",
  idempotencyKey: `form-${Math.random()}`,
  requester: {
    kind: "citizen",
    identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
    contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }]
  },
  content: { kind: "information", subject: "Piano di emergenza comunale", text: "Vorrei sapere dove trovare il piano di emergenza del mio comune.", language: "it" },
  attachments: [],
  ...overrides
})

describe("Engine — a citizen writes through the web form", () => {
  it.effect("gets a code, an acknowledgement by e-mail with a summary and the emergency numbers, and can look the request up", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const submitted = yield* engine.submit(webForm({ idempotencyKey: "form-1" }))
      assert.isFalse(submitted.duplicate)
      assert.strictEqual(submitted.status.state, "in-progress")
      assert.strictEqual(submitted.status.expectedAnswerBy, "2027-03-08")

      const outbox = yield* Outbox.Outbox
      const [ack] = yield* outbox.list({ code: submitted.code })
      assert.strictEqual(ack?.message.purpose, "acknowledgement")
      assert.include(ack!.message.subject, submitted.code)
      assert.include(ack!.message.body, "Piano di emergenza comunale")
      assert.include(ack!.message.body, "2027-03-08")
      assert.include(ack!.message.body, "112")

      const delivered = yield* Relay.deliverDue()
      assert.deepStrictEqual(delivered, { sent: 1, failed: 0 })
      assert.isTrue(mailer.sent().some((m) => m.to.address === "maria.rossi@example.it" && m.subject.includes(submitted.code)))

      const status = yield* engine.lookup(submitted.code.toLowerCase().replace(/-/g, " "), "198.51.100.7")
      assert.strictEqual(status.code, submitted.code)
      assert.notProperty(status, "requester")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("submitting the same form twice gives one ticket", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const first = yield* engine.submit(webForm({ idempotencyKey: "same" }))
      const second = yield* engine.submit(webForm({ idempotencyKey: "same" }))
      assert.strictEqual(second.code, first.code)
      assert.isTrue(second.duplicate)
      const outbox = yield* Outbox.Outbox
      assert.lengthOf(yield* outbox.list({ code: first.code }), 1)
    }).pipe(Effect.provide(makeLayer())))

  it.live("two retries racing with one key and an attachment: one ticket, and the loser keeps no copy of the file", () => {
    // both retries pass the key lookup before either commits: the store is slow to append
    const slow = Layer.effectContext(Effect.sync(() => {
      const state = Outbox.makeMemoryState()
      const store = TicketStore.makeMemory(state)
      return Context.make(TicketStore.TicketStore, { ...store, append: (c) => Effect.andThen(Effect.sleep("20 millis"), store.append(c)) }).pipe(
        Context.add(Outbox.Outbox, Outbox.makeMemory(state))
      )
    }))
    return Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const attachments = yield* AttachmentStore.AttachmentStore
      const form = webForm({
        idempotencyKey: "racing-retry",
        attachments: [{ name: "planimetria.pdf", mediaType: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.4 planimetria") }]
      })
      const [a, b] = yield* Effect.all([engine.submit(form), engine.submit(form)], { concurrency: 2 })
      assert.strictEqual(a.code, b.code)
      assert.deepStrictEqual([a.duplicate, b.duplicate].sort(), [false, true])
      const [checksum] = (yield* engine.details(a.code)).ticket.content.attachments.map((x) => x.checksum)
      assert.isDefined(checksum)
      // the ticket's release is the last one: nothing else holds the bytes
      yield* attachments.release(checksum!, a.code)
      assert.isTrue(Option.isNone(yield* attachments.get(checksum!)))
    }).pipe(Effect.provide(makeLayer(slow)))
  })

  it.effect("without an e-mail address the request is registered and closed as unanswerable (R4)", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const submitted = yield* engine.submit(webForm({
        requester: { kind: "citizen", identity: { _tag: "Person", firstName: "Anna", lastName: "Bianchi" }, contacts: [] }
      }))
      assert.strictEqual(submitted.status.state, "closed")
      assert.strictEqual(submitted.status.outcome, "unanswerable-no-reply-address")
      assert.isUndefined(submitted.acknowledgement)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("bad input is a typed error with a path, and nothing is stored", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const error = yield* Effect.flip(engine.submit(webForm({ content: { kind: "gossip", text: 42 } })))
      assert.strictEqual(error._tag, "InvalidInput")
      assert.isTrue(error._tag === "InvalidInput" && error.issues.some((i) => i.path.join(".") === "content.kind"))
      const lookup = yield* Effect.flip(engine.lookup("not-a-code", "client"))
      assert.strictEqual(lookup._tag, "StatusNotFound")
    }).pipe(Effect.provide(makeLayer())))
})

describe("Engine — an operator works the ticket", () => {
  it.effect("answers it: the citizen gets the answer, the status is closed, the statistics count it on time", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      yield* TestClock.setTime(at("2027-03-03T11:00:00+01:00"))
      const answered = yield* engine.act(code, { _tag: "Answer", by: { _tag: "Operator", id: "op-7" }, via: "email", language: "it" }, {
        text: "Il piano è pubblicato sul sito del suo comune."
      })
      assert.strictEqual(answered.ticket.status, "closed")
      const outbox = yield* Outbox.Outbox
      const answer = (yield* outbox.list({ code })).find((e) => e.message.purpose === "answer")
      assert.include(answer!.message.body, "Il piano è pubblicato")
      const [report] = yield* engine.statistics({ period: "all" })
      assert.strictEqual(report!.onTimeRate, 1)
      assert.strictEqual((yield* engine.lookup(code, "c")).state, "closed")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("asks for documents; when none come in 40 days the ticket closes and the citizen is told (R15, B2)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-09-06T10:00:00+02:00"))
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      const operator = { _tag: "Operator", id: "op-1" } as const
      yield* engine.act(code, { _tag: "Classify", by: operator, complexity: "complex", why: "needs the municipality's plan" })
      yield* TestClock.setTime(at("2027-09-10T12:00:00+02:00"))
      const suspended = yield* engine.act(code, { _tag: "Suspend", by: operator, reason: "awaiting-documents" }, {
        text: "la planimetria dell'edificio"
      })
      assert.strictEqual(suspended.deadline._tag, "Paused")
      assert.strictEqual((yield* engine.lookup(code, "c")).state, "awaiting-documents")

      yield* TestClock.setTime(at("2027-10-20T23:59:00+02:00"))
      assert.deepStrictEqual(yield* Timers.runDue(), { warnings: 0, breaches: 0, closed: 0 })
      yield* TestClock.setTime(at("2027-10-21T00:00:00+02:00"))
      assert.deepStrictEqual(yield* Timers.runDue(), { warnings: 0, breaches: 0, closed: 1 })
      const status = yield* engine.lookup(code, "c")
      assert.strictEqual(status.outcome, "documents-not-received")
      const outbox = yield* Outbox.Outbox
      const notices = (yield* outbox.list({ code })).filter((e) => e.message.purpose === "notice").map((e) => e.message.subject)
      assert.lengthOf(notices, 2)
      assert.strictEqual(yield* Timers.runDue().pipe(Effect.map((f) => f.closed)), 0)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("warns the desk in service time before the deadline, never at night (Zammad #4432)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      const [entry] = yield* engine.worklist({ queue: "desk" })
      assert.strictEqual(entry?.code, code)
      const warnAt = entry!.atRiskAt!
      const hour = Number(new Date(warnAt).toLocaleString("en-GB", { timeZone: "Europe/Rome", hour: "2-digit", hour12: false }))
      assert.isTrue(hour >= 9 && hour < 18, `warning at ${new Date(warnAt).toISOString()}`)
      yield* TestClock.setTime(warnAt)
      assert.strictEqual((yield* Timers.runDue()).warnings, 1)
      const outbox = yield* Outbox.Outbox
      const warning = (yield* outbox.list({ code })).find((e) => e.message.purpose === "warning")
      assert.strictEqual(warning?.message.to._tag === "Email" && warning.message.to.address, "desk@contactcenter.example")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("a refused command is a typed error that says why", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      const error = yield* Effect.flip(engine.act(code, { _tag: "Resume", by: { _tag: "Operator", id: "op" }, via: "email" }))
      assert.strictEqual(error._tag, "TicketRefused")
      const missing = yield* Effect.flip(engine.details("XXX"))
      assert.strictEqual(missing._tag, "TicketNotFound")
      const store = yield* TicketStore.TicketStore
      assert.isTrue(Option.isSome(yield* store.load(code)))
    }).pipe(Effect.provide(makeLayer())))
})

describe("Engine — the public lookup", () => {
  it.effect("is rate-limited per client, with the same answer for malformed and unknown codes (B7)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const malformed = yield* Effect.flip(engine.lookup("hello", "a"))
      const unknown = yield* Effect.flip(engine.lookup("222-222-222-222-222", "a"))
      assert.deepStrictEqual(malformed, unknown)
      for (let i = 0; i < 8; i++) yield* Effect.flip(engine.lookup("hello", "a"))
      const limited = yield* Effect.flip(engine.lookup("hello", "a"))
      assert.strictEqual(limited._tag, "RateLimited")
      assert.strictEqual((yield* Effect.flip(engine.lookup("hello", "b")))._tag, "StatusNotFound")
      yield* TestClock.adjust(6_000)
      assert.strictEqual((yield* Effect.flip(engine.lookup("hello", "a")))._tag, "StatusNotFound")
    }).pipe(Effect.provide(makeLayer())))
})

describe("Engine — text that storage cannot keep", () => {
  it.effect("a NUL character or broken Unicode in a request is refused with its path, not stored", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      for (const text of ["before\u0000after", "lone \ud800 surrogate"]) {
        const error = yield* Effect.flip(engine.submit(webForm({ content: { kind: "information", text, language: "it" } })))
        assert.isTrue(error._tag === "InvalidInput" && error.issues.some((i) => i.path.join(".") === "content.text"))
      }
    }).pipe(Effect.provide(makeLayer())))
})

describe("Engine — offices and erasure", () => {
  it.effect("an office consulted on a ticket finds it in its worklist until it replies (R10)", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      const operator = { _tag: "Operator", id: "op-3" } as const
      yield* engine.act(code, { _tag: "ConsultOffice", by: operator, office: "rischio-sismico" })
      assert.deepStrictEqual((yield* engine.worklist({ office: "rischio-sismico" })).map((w) => w.code), [code])
      yield* engine.act(code, { _tag: "RecordOfficeReply", by: { _tag: "Office", id: "rischio-sismico" }, office: "rischio-sismico" })
      assert.lengthOf(yield* engine.worklist({ office: "rischio-sismico" }), 0)
      assert.lengthOf(yield* engine.worklist({ queue: "desk" }), 1)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("erasing a closed ticket's personal data removes it from the stored history and the messages (R23, B9)", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm())
      const operator = { _tag: "Operator", id: "op-3" } as const
      yield* engine.act(code, { _tag: "Answer", by: operator, via: "email", language: "it" }, { text: "Risposta per Maria Rossi." })
      yield* engine.act(code, { _tag: "ErasePersonalData", by: { _tag: "Operator", id: "supervisor-1" } })
      const store = yield* TicketStore.TicketStore
      const stored = JSON.stringify(Option.getOrThrow(yield* store.load(code)).events)
      const outbox = yield* Outbox.Outbox
      const messages = JSON.stringify(yield* outbox.list({ code }))
      for (const personal of ["Maria", "Rossi", "maria.rossi@example.it", "Piano di emergenza comunale"]) {
        assert.notInclude(stored, personal)
        assert.notInclude(messages, personal)
      }
      assert.strictEqual((yield* engine.lookup(code, "c")).outcome, "answered")
    }).pipe(Effect.provide(makeLayer())))
})
