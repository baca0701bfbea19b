/**
 * Retention (R23, B9) at the level of user stories, on the in-memory layers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import { AttachmentStore, Engine, Outbox, Retention, TicketStore } from "@sportello/core"
import { at, makeLayer, webForm } from "./harness.ts"

const operator = { _tag: "Operator", id: "op-4" } as const
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text}`)

/** What the test gives as personal data: none of it may remain in the stored history. */
const personal = [
  "Giuseppe",
  "Verdi",
  "giuseppe.verdi@example.it",
  "+39 333 9876543",
  "Garibaldi",
  "Frascati",
  "00044",
  "mia madre",
  "invalidità",
  "certificato-invalidita",
  "figlia Lucia",
  "pec.verdi"
]

const giuseppe = () =>
  webForm({
    firstName: "Giuseppe",
    lastName: "Verdi",
    contacts: [
      { _tag: "Email", address: "giuseppe.verdi@example.it" },
      { _tag: "Phone", number: "+39 333 9876543" },
      { _tag: "Postal", street: "via Garibaldi 12", postalCode: "00044", city: "Frascati" },
      { _tag: "Pec", address: "giuseppe@pec.verdi.example.it" }
    ],
    consent: { sms: true, email: true },
    content: {
      subject: "Contributo per mia madre, invalidità al 100%",
      text: "Mia madre, con invalidità al 100%, vive a Frascati in via Garibaldi 12: come chiedo il contributo dopo il terremoto?",
      topic: "contributi"
    },
    attachments: [{ name: "certificato-invalidita-verdi.pdf", mediaType: "application/pdf", bytes: pdf("certificato di invalidità di mia madre") }]
  })

/** Giuseppe's request, worked and answered in March 2027, with notes and evidence that name him. */
const answeredRequest = Effect.gen(function*() {
  const engine = yield* Engine.Engine
  yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
  const { code } = yield* engine.submit(giuseppe())
  yield* engine.act(code, { _tag: "Classify", by: operator, complexity: "complex", why: "serve il certificato di invalidità di mia madre, dice Giuseppe Verdi" })
  yield* TestClock.setTime(at("2027-03-02T11:00:00+01:00"))
  yield* engine.act(code, { _tag: "Suspend", by: operator, reason: "awaiting-documents", evidence: "chiesto a Giuseppe Verdi al +39 333 9876543" }, {
    text: "il certificato medico di sua madre"
  })
  yield* TestClock.setTime(at("2027-03-05T09:30:00+01:00"))
  yield* engine.act(code, { _tag: "Resume", by: { _tag: "Requester" }, via: "email", evidence: "inviato da giuseppe.verdi@example.it" })
  yield* engine.act(code, { _tag: "AddNote", by: operator, text: "ha richiamato la figlia Lucia, numero +39 333 9876543" })
  yield* TestClock.setTime(at("2027-03-10T15:00:00+01:00"))
  yield* engine.act(code, { _tag: "Answer", by: operator, via: "email", language: "it" }, { text: "Gentile Giuseppe Verdi, il contributo si chiede al comune di Frascati." })
  return code
})

describe("Retention — two years after closing, the personal data of a ticket is erased and the statistics stay the same", () => {
  it.effect("erases names, addresses, texts and attachments from the stored history and the attachment store; every report is identical", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const store = yield* TicketStore.TicketStore
      const files = yield* AttachmentStore.AttachmentStore
      const code = yield* answeredRequest
      const checksum = yield* AttachmentStore.checksum(pdf("certificato di invalidità di mia madre"))
      assert.isTrue(Option.isSome(yield* files.get(checksum)))

      // a ticket closed more recently, and one still open, are left alone
      yield* TestClock.setTime(at("2028-06-01T10:00:00+02:00"))
      const recent = yield* engine.submit(webForm({ firstName: "Rosa", content: { topic: "contributi" } }))
      yield* engine.act(recent.code, { _tag: "Answer", by: operator, via: "email", language: "it" }, { text: "Risposta." })
      yield* TestClock.setTime(at("2029-03-01T10:00:00+01:00"))
      const open = yield* engine.submit(webForm({ firstName: "Sara", content: { topic: "volontariato" } }))

      yield* TestClock.setTime(at("2029-03-15T03:00:00+01:00"))
      const asOf = at("2029-03-15T03:00:00+01:00")
      const reports = () =>
        Effect.all([
          engine.statistics({ period: "all", asOf }),
          engine.statistics({ period: "month", asOf }),
          engine.statistics({ period: "day", asOf, from: "2027-03-01", to: "2027-03-31" })
        ])
      const before = yield* reports()
      const beforeHistory = Option.getOrThrow(yield* store.load(code))
      const leak = JSON.stringify(beforeHistory.events)
      assert.isTrue(personal.every((p) => leak.includes(p)), "the test's personal data is in the history before erasure")

      const run = yield* Retention.runDue()
      assert.deepStrictEqual(run, { erased: 1, skipped: 0, attachmentsReleased: 1 })

      const after = Option.getOrThrow(yield* store.load(code))
      assert.strictEqual(after.events.length, beforeHistory.events.length + 1)
      assert.deepStrictEqual(after.events.at(-1), { _tag: "PersonalDataErased", at: asOf, by: { _tag: "System", component: "retention" } })
      const stored = JSON.stringify(after.events)
      for (const p of personal) assert.notInclude(stored, p)
      // nor in the messages sent to the requester (the acknowledgement and the answer)
      const messages = yield* (yield* Outbox.Outbox).list({ code })
      assert.isAtLeast(messages.length, 2)
      const sent = JSON.stringify(messages)
      for (const p of personal) assert.notInclude(sent, p)
      // the facts stay: who did what and when
      assert.deepStrictEqual(after.events.slice(0, -1).map((e) => [e._tag, e.at, e.by]), beforeHistory.events.map((e) => [e._tag, e.at, e.by]))
      assert.isTrue(Option.isNone(yield* files.get(checksum)))

      assert.deepStrictEqual(yield* reports(), before)
      const status = yield* engine.lookup(code, "198.51.100.1")
      assert.strictEqual(status.outcome, "answered")
      const details = yield* engine.details(code)
      assert.isTrue(details.ticket.erased)
      assert.deepStrictEqual(details.ticket.requester, { kind: "citizen", contacts: [] })

      // the others are untouched
      for (const other of [recent.code, open.code]) {
        assert.isFalse((yield* engine.details(other)).events.some((e) => e._tag === "PersonalDataErased"))
      }

      // running it twice is harmless
      assert.deepStrictEqual(yield* Retention.runDue(), { erased: 0, skipped: 0, attachmentsReleased: 0 })
      assert.deepStrictEqual(Option.getOrThrow(yield* store.load(code)), after)
      assert.deepStrictEqual(yield* reports(), before)

      // an erased ticket cannot be reopened, nor its requester contacted
      const reopen = yield* Effect.flip(engine.act(code, { _tag: "Reopen", by: operator, why: "x" }))
      assert.strictEqual(reopen._tag, "TicketRefused")
      const contact = yield* Effect.flip(engine.act(code, { _tag: "Contact", by: operator, campaign: "c", via: "sms" }, { text: "Avviso" }))
      assert.isTrue(contact._tag === "TicketRefused" && contact.reason === "no-consent")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("keeps the data until the period has passed since the last closing, and the period is configurable", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const store = yield* TicketStore.TicketStore
      const code = yield* answeredRequest
      yield* TestClock.setTime(at("2029-03-09T14:00:00+01:00"))
      assert.deepStrictEqual(yield* Retention.runDue(), { erased: 0, skipped: 0, attachmentsReleased: 0 })

      // answered on 1 April, reopened and answered again on 20 April: 10 days count from 20 April
      yield* TestClock.setTime(at("2027-04-01T10:00:00+02:00"))
      const reopened = yield* engine.submit(webForm({ firstName: "Teresa" }))
      yield* engine.act(reopened.code, { _tag: "Answer", by: operator, via: "email", language: "it" })
      yield* TestClock.setTime(at("2027-04-05T10:00:00+02:00"))
      yield* engine.act(reopened.code, { _tag: "Reopen", by: { _tag: "Requester" }, why: "manca una parte" })
      yield* TestClock.setTime(at("2027-04-20T10:00:00+02:00"))
      yield* engine.act(reopened.code, { _tag: "Answer", by: operator, via: "email", language: "it" })
      yield* TestClock.setTime(at("2027-04-25T10:00:00+02:00"))
      const early = yield* Retention.runDue({ after: "10 days" })
      assert.strictEqual(early.erased, 1) // Giuseppe's, closed on 10 March; not Teresa's, closed again on 20 April
      assert.isFalse(Option.getOrThrow(yield* store.load(reopened.code)).events.some((e) => e._tag === "PersonalDataErased"))
      yield* TestClock.setTime(at("2027-05-01T10:00:00+02:00"))
      assert.strictEqual((yield* Retention.runDue({ after: "10 days" })).erased, 1)
      assert.isTrue((yield* engine.details(code)).ticket.erased)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("keeps the bytes of an attachment that a ticket still open also carries", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const files = yield* AttachmentStore.AttachmentStore
      yield* answeredRequest
      // the same file, sent again by a relative years later, on a ticket still open
      yield* TestClock.setTime(at("2029-03-01T10:00:00+01:00"))
      yield* engine.submit(webForm({
        firstName: "Lucia",
        attachments: [{ name: "certificato.pdf", mediaType: "application/pdf", bytes: pdf("certificato di invalidità di mia madre") }]
      }))
      yield* TestClock.setTime(at("2029-03-15T10:00:00+01:00"))
      // the erased ticket lets its copy go; the open ticket still holds the same bytes
      assert.deepStrictEqual(yield* Retention.runDue(), { erased: 1, skipped: 0, attachmentsReleased: 1 })
      assert.isTrue(Option.isSome(yield* files.get(yield* AttachmentStore.checksum(pdf("certificato di invalidità di mia madre")))))
    }).pipe(Effect.provide(makeLayer())))
})
