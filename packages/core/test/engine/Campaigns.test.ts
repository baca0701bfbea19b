/**
 * Group contact (R21) at the level of user stories, on the in-memory layers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import { Campaigns, Engine, Mailer, Outbox, Relay, SmsGateway, TicketStore } from "@sportello/core"
import { at, makeLayer, webForm } from "./harness.ts"

const department = { _tag: "Operator", id: "dpc-comunicazione" } as const

const hydroAlert = (over: Record<string, unknown> = {}) => ({
  id: "allerta-idro-2027-03",
  by: department,
  via: "sms",
  criteria: { topic: "rischio-idrogeologico", status: "open" },
  messages: {
    it: { subject: "Protezione Civile", text: "Allerta arancione domani nella sua zona. Pratica {code}: la risponderemo appena possibile." },
    en: { subject: "Civil Protection", text: "Orange alert tomorrow in your area. Request {code}: we will answer as soon as we can." }
  },
  ...over
})

const phone = (number: string) => ({ _tag: "Phone", number })
const email = (address: string) => ({ _tag: "Email", address })
const onTopic = (topic: string, language = "it") => ({ topic, language })

describe("Campaigns — the Department sends an SMS to everyone with an open ticket on a topic who consented", () => {
  it.effect("reaches those who consented and have a phone, skips the others and says why, and logs the contact on each ticket", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const consented = { sms: true, email: false }
      const anna = yield* engine.submit(webForm({
        firstName: "Anna",
        contacts: [email("anna@example.it"), phone("+393331111111")],
        consent: consented,
        content: onTopic("rischio-idrogeologico")
      }))
      const john = yield* engine.submit(webForm({
        firstName: "John",
        contacts: [email("john@example.org"), phone("+447700900123")],
        consent: consented,
        content: onTopic("rischio-idrogeologico", "en")
      }))
      const silent = yield* engine.submit(webForm({
        firstName: "Bruno",
        contacts: [email("bruno@example.it"), phone("+393332222222")],
        content: onTopic("rischio-idrogeologico")
      }))
      const noPhone = yield* engine.submit(webForm({ firstName: "Carla", consent: { sms: true, email: true }, content: onTopic("rischio-idrogeologico") }))
      const otherTopic = yield* engine.submit(webForm({
        firstName: "Dario",
        contacts: [email("dario@example.it"), phone("+393333333333")],
        consent: consented,
        content: onTopic("volontariato")
      }))
      const answered = yield* engine.submit(webForm({
        firstName: "Elena",
        contacts: [email("elena@example.it"), phone("+393334444444")],
        consent: consented,
        content: onTopic("rischio-idrogeologico")
      }))
      yield* engine.act(answered.code, { _tag: "Answer", by: { _tag: "Operator", id: "op-1" }, via: "email", language: "it" }, { text: "Ecco il piano." })

      yield* TestClock.setTime(at("2027-03-02T09:30:00+01:00"))
      const report = yield* Campaigns.run(hydroAlert())
      assert.strictEqual(report.selected, 4)
      assert.strictEqual(report.contacted, 2)
      assert.deepStrictEqual(report.skipped, { noConsent: 1, noContactPoint: 1 })
      assert.strictEqual(report.failed, 0)
      const resultOf = (code: string) => report.recipients.find((r) => r.code === code)?.result
      assert.strictEqual(resultOf(anna.code), "contacted")
      assert.strictEqual(resultOf(john.code), "contacted")
      assert.strictEqual(resultOf(silent.code), "no-consent")
      assert.strictEqual(resultOf(noPhone.code), "no-contact-point")
      assert.isUndefined(resultOf(otherTopic.code))
      assert.isUndefined(resultOf(answered.code))

      // the contact is a fact on the ticket, with who and when, and no address or text
      const details = yield* engine.details(anna.code)
      const contacted = details.events.at(-1)!
      assert.deepStrictEqual(contacted, {
        _tag: "Contacted",
        at: at("2027-03-02T09:30:00+01:00"),
        by: department,
        campaign: "allerta-idro-2027-03",
        via: "sms",
        to: "phone"
      })
      assert.notInclude(JSON.stringify((yield* engine.details(silent.code)).events), "Contacted")

      // the relay delivers one SMS per recipient, in the language of their request, keyed campaign:code
      const sms = yield* SmsGateway.makeMemory
      const delivered = yield* Relay.deliverDue().pipe(
        Effect.provideService(SmsGateway.SmsGateway, sms),
        Effect.provideService(Mailer.Mailer, Mailer.makeMemory())
      )
      assert.deepStrictEqual(delivered, { sent: 9, failed: 0 }) // six acknowledgements, one answer, the campaign's two SMS
      const sent = sms.sent()
      assert.deepStrictEqual(sent.map((s) => s.deliveryKey).sort(), [`allerta-idro-2027-03:${anna.code}`, `allerta-idro-2027-03:${john.code}`].sort())
      const toAnna = sent.find((s) => s.to === "+393331111111")!
      assert.include(toAnna.text, "Allerta arancione")
      assert.include(toAnna.text, anna.code)
      assert.include(sent.find((s) => s.to === "+447700900123")!.text, "Orange alert")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("running the campaign again sends nothing twice, and reaches only who was not reached before", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
      const engine = yield* Engine.Engine
      const outbox = yield* Outbox.Outbox
      const consent = { sms: true, email: false }
      const first = yield* engine.submit(webForm({ contacts: [phone("+393331111111"), email("a@example.it")], consent, content: onTopic("rischio-idrogeologico") }))
      const once = yield* Campaigns.run(hydroAlert())
      assert.strictEqual(once.contacted, 1)

      const again = yield* Campaigns.run(hydroAlert())
      assert.strictEqual(again.contacted, 0)
      assert.strictEqual(again.alreadyContacted, 1)
      assert.lengthOf((yield* outbox.list({ code: first.code })).filter((e) => e.message.purpose === "campaign"), 1)
      const contacts = (yield* engine.details(first.code)).events.filter((e) => e._tag === "Contacted")
      assert.lengthOf(contacts, 1)

      // a request that arrives later is reached by the next run, the first one is not reached twice
      const later = yield* engine.submit(webForm({ contacts: [phone("+393335555555"), email("b@example.it")], consent, content: onTopic("rischio-idrogeologico") }))
      const third = yield* Campaigns.run(hydroAlert())
      assert.deepStrictEqual(third.recipients.filter((r) => r.result === "contacted").map((r) => r.code), [later.code])
      const sms = yield* SmsGateway.makeMemory
      yield* Relay.deliverDue().pipe(Effect.provideService(SmsGateway.SmsGateway, sms))
      yield* Relay.deliverDue().pipe(Effect.provideService(SmsGateway.SmsGateway, sms))
      assert.lengthOf(sms.sent(), 2)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("a preview says who would be reached and sends and records nothing", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm({
        contacts: [phone("+393331111111"), email("a@example.it")],
        consent: { sms: true, email: true },
        content: onTopic("rischio-idrogeologico")
      }))
      const preview = yield* Campaigns.preview(hydroAlert())
      assert.deepStrictEqual(preview.recipients, [{ code, result: "contacted" }])
      const outbox = yield* Outbox.Outbox
      assert.isFalse((yield* outbox.list({ code })).some((e) => e.message.purpose === "campaign"))
      assert.isFalse((yield* engine.details(code)).events.some((e) => e._tag === "Contacted"))
    }).pipe(Effect.provide(makeLayer())))
})

describe("Campaigns — by e-mail, and the criteria", () => {
  it.effect("an e-mail goes to the plain address, else to PEC, only to who consented to e-mail, within the dates and kinds asked", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2027-05-03T10:00:00+02:00"))
      const engine = yield* Engine.Engine
      const consent = { sms: false, email: true }
      const early = yield* engine.submit(webForm({ contacts: [email("early@example.it")], consent, content: onTopic("incendi") }))
      yield* TestClock.setTime(at("2027-05-10T10:00:00+02:00"))
      const plain = yield* engine.submit(webForm({ contacts: [email("plain@example.it")], consent, content: onTopic("incendi") }))
      const pec = yield* engine.submit(webForm({ contacts: [{ _tag: "Pec", address: "cittadino@pec.example.it" }], consent, content: onTopic("incendi") }))
      const smsOnly = yield* engine.submit(webForm({ contacts: [email("sms@example.it")], consent: { sms: true, email: false }, content: onTopic("incendi") }))
      const report = yield* Campaigns.run({
        id: "incendi-estate-2027",
        by: department,
        via: "email",
        criteria: { topic: "incendi", queue: "desk", channels: ["web-form"], requesterKinds: ["citizen"], receivedFrom: "2027-05-04", receivedTo: "2027-05-31" },
        messages: { it: { subject: "Campagna antincendio {code}", text: "Le ricordiamo le norme di comportamento in caso di incendio boschivo." } }
      })
      assert.deepStrictEqual(
        report.recipients.map((r) => [r.code, r.result]).sort(),
        [[plain.code, "contacted"], [pec.code, "contacted"], [smsOnly.code, "no-consent"]].sort()
      )
      assert.isUndefined(report.recipients.find((r) => r.code === early.code))
      const outbox = yield* Outbox.Outbox
      const [toPec] = (yield* outbox.list({ code: pec.code })).filter((e) => e.message.purpose === "campaign")
      assert.deepStrictEqual(toPec!.message.to, { _tag: "Pec", address: "cittadino@pec.example.it" })
      assert.strictEqual(toPec!.message.subject, `Campagna antincendio ${pec.code}`)
      assert.strictEqual(toPec!.message.deliveryKey, `incendi-estate-2027:${pec.code}`)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("a campaign that cannot be read is a typed error, and nothing is sent", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const { code } = yield* engine.submit(webForm({ contacts: [phone("+393331111111"), email("a@example.it")], consent: { sms: true, email: true }, content: onTopic("rischio-idrogeologico") }))
      const badId = yield* Effect.flip(Campaigns.run(hydroAlert({ id: "Allerta Idro!" })))
      assert.strictEqual(badId._tag, "InvalidInput")
      assert.isTrue(badId._tag === "InvalidInput" && badId.issues.some((i) => i.path.join(".") === "id"))
      const noItalian = yield* Effect.flip(Campaigns.run(hydroAlert({ messages: { en: { subject: "x", text: "y" } } })))
      assert.deepStrictEqual(noItalian._tag === "InvalidInput" && noItalian.issues.map((i) => i.path.join(".")), ["messages.it"])
      const outbox = yield* Outbox.Outbox
      assert.isFalse((yield* outbox.list({ code })).some((e) => e.message.purpose === "campaign"))
    }).pipe(Effect.provide(makeLayer())))
})

describe("Campaigns — one by one", () => {
  it.effect("an operator contacts one citizen by SMS through the same command, with the same consent rule", () =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const operator = { _tag: "Operator", id: "op-7" } as const
      const { code } = yield* engine.submit(webForm({ contacts: [email("a@example.it"), phone("+393331111111")], consent: { sms: true, email: false } }))
      yield* engine.act(code, { _tag: "Contact", by: operator, campaign: "richiamata-op-7-1", via: "sms" }, { subject: "Protezione Civile", text: "La richiameremo domani mattina." })
      const empty = yield* Effect.flip(engine.act(code, { _tag: "Contact", by: operator, campaign: "richiamata-op-7-0", via: "sms" }))
      assert.isTrue(empty._tag === "InvalidInput" && empty.issues[0]!.path[0] === "text")
      const refused = yield* Effect.flip(engine.act(code, { _tag: "Contact", by: operator, campaign: "richiamata-op-7-2", via: "email" }, { text: "…" }))
      assert.isTrue(refused._tag === "TicketRefused" && refused.reason === "no-consent")
      const store = yield* TicketStore.TicketStore
      const history = Option.getOrThrow(yield* store.load(code))
      assert.lengthOf(history.events.filter((e) => e._tag === "Contacted"), 1)
      const outbox = yield* Outbox.Outbox
      const [message] = (yield* outbox.list({ code })).filter((e) => e.message.purpose === "campaign")
      assert.strictEqual(message!.message.body, "La richiameremo domani mattina.")
      assert.deepStrictEqual(message!.message.to, { _tag: "Phone", number: "+393331111111" })
    }).pipe(Effect.provide(makeLayer())))
})
