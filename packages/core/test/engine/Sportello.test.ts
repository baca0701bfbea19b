/**
 * The Promise facade, as an embedder who does not use Effect sees it: calls resolve with the
 * engine's answers, failures reject with the engine's tagged errors, defects with a plain
 * Error, listeners see each change before the call that made it resolves, and `close`
 * releases what the layers acquired. (The tests use Effect only to build layers that
 * misbehave or record their release.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  createSportello,
  Delivery,
  Engine,
  Outbox,
  Sportello,
  StorageError,
  TicketCodes,
  TicketStore
} from "@sportello/core"

const at = (iso: string) => Date.parse(iso)

const webForm = (key: string, overrides: Partial<Sportello.SubmissionInput> = {}): Sportello.SubmissionInput => ({
  channel: "web-form",
  idempotencyKey: key,
  requester: {
    kind: "citizen",
    identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
    contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }]
  },
  content: { kind: "information", subject: "Piano di emergenza", text: "Dove trovo il piano di emergenza del mio comune?", language: "it" },
  attachments: [],
  ...overrides
})

const operator = { _tag: "Operator", id: "op-7" } as const

/** A clock the test moves by hand. */
const manualClock = (iso: string) => {
  let now = at(iso)
  return { now: () => now, set: (iso: string) => void (now = at(iso)) }
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(() => assert.fail("expected a rejection"), (error: unknown) => error)

describe("Sportello — the Promise facade", () => {
  it("submit → lookup → act, and a subscriber sees each change before the call resolves", async () => {
    const clock = manualClock("2027-03-01T10:00:00+01:00")
    const sportello = await createSportello({ now: clock.now, codes: TicketCodes.layerSeeded(11) })
    try {
      const seen: Array<Sportello.Change> = []
      sportello.subscribe((change) => seen.push(change))

      const submitted = await sportello.submit(webForm("form-1"))
      assert.isFalse(submitted.duplicate)
      assert.strictEqual(submitted.status.expectedAnswerBy, "2027-03-08")
      assert.lengthOf(seen, 1)
      assert.strictEqual(seen[0]!.code, submitted.code)
      assert.deepStrictEqual(seen[0]!.events.map((e) => e._tag), ["Received", "Acknowledged", "Routed"])

      const again = await sportello.submit(webForm("form-1"))
      assert.isTrue(again.duplicate)
      assert.strictEqual(again.code, submitted.code)
      assert.lengthOf(seen, 1, "a duplicate commits nothing")

      const status = await sportello.lookup(submitted.code, "198.51.100.7")
      assert.strictEqual(status.state, "in-progress")
      assert.notProperty(status, "requester")

      clock.set("2027-03-03T11:00:00+01:00")
      const answered = await sportello.act(submitted.code, { _tag: "Answer", by: operator, via: "email", language: "it" }, {
        text: "Il piano è pubblicato sul sito del suo comune."
      })
      assert.strictEqual(answered.ticket.status, "closed")
      assert.lengthOf(seen, 2)
      assert.strictEqual(seen[1]!.version, answered.version)
      assert.strictEqual(seen[1]!.events[0]?._tag, "Answered")

      assert.strictEqual((await sportello.lookup(submitted.code, "198.51.100.7")).closedOn, "2027-03-03")
      const messages = await sportello.outbox({ code: submitted.code })
      assert.deepStrictEqual(messages.map((m) => m.message.purpose), ["answer", "acknowledgement"])
      const [report] = await sportello.statistics({ period: "all" })
      assert.strictEqual(report!.onTimeRate, 1)
      assert.lengthOf(await sportello.worklist(), 0)
    } finally {
      await sportello.close()
    }
  })

  it("an unsubscribed listener hears nothing more; a listener that throws is reported and the others still hear", async () => {
    const errors: Array<unknown> = []
    const sportello = await createSportello({ onError: (error) => errors.push(error) })
    try {
      const first: Array<string> = []
      const second: Array<string> = []
      sportello.subscribe(() => {
        throw new Error("listener bug")
      })
      const stop = sportello.subscribe((change) => first.push(change.code))
      sportello.subscribe((change) => second.push(change.code))
      const a = await sportello.submit(webForm("a"))
      stop()
      const b = await sportello.submit(webForm("b"))
      assert.deepStrictEqual(first, [a.code])
      assert.deepStrictEqual(second, [a.code, b.code])
      assert.lengthOf(errors, 2)
      assert.strictEqual((errors[0] as Error).message, "listener bug")
    } finally {
      await sportello.close()
    }
  })

  it("failures reject with the engine's tagged error: same class, _tag, message and fields", async () => {
    const sportello = await createSportello()
    try {
      const invalid = await rejection(sportello.submit({ ...webForm("x"), content: { kind: "gossip" as "information", text: "" } }))
      assert.instanceOf(invalid, Engine.InvalidInput)
      assert.isTrue(Sportello.isFailure(invalid))
      if (!Sportello.isFailure(invalid) || invalid._tag !== "InvalidInput") return assert.fail("not InvalidInput")
      assert.include(invalid.message, "content.kind")
      assert.deepStrictEqual(invalid.issues.map((i) => i.path.join(".")), ["content.kind"])

      const unknown = await rejection(sportello.lookup("not-a-code", "client"))
      assert.instanceOf(unknown, Engine.StatusNotFound)
      assert.strictEqual((unknown as Engine.StatusNotFound)._tag, "StatusNotFound")

      const missing = await rejection(sportello.details("222-222-222-222-222"))
      assert.instanceOf(missing, Engine.TicketNotFound)

      const { code } = await sportello.submit(webForm("y"))
      const refused = await rejection(sportello.act(code, { _tag: "Resume", by: operator, via: "email" }))
      // what an embedder writes
      const said = (() => {
        if (!Sportello.isFailure(refused)) throw refused
        switch (refused._tag) {
          case "TicketRefused":
            return `${refused.reason}: ${refused.message}`
          default:
            return refused._tag
        }
      })()
      assert.match(said, /^\S+: .+/)

      const calendar = await rejection(sportello.endEmergency("no-such-period", "2027-03-01T10:00:00+01:00"))
      assert.strictEqual((calendar as Sportello.Failure)._tag, "CalendarConfigError")
    } finally {
      await sportello.close()
    }
  })

  it("a defect rejects with a plain Error whose cause is the defect", async () => {
    const memory = TicketStore.makeMemory()
    const broken = Layer.mergeAll(
      Layer.succeed(TicketStore.TicketStore, { ...memory, load: () => Effect.die(new StorageError.StorageError({ reason: "unknown", message: "disk on fire" })) }),
      Outbox.layerMemory
    )
    const sportello = await createSportello({ storage: broken })
    try {
      const error = await rejection(sportello.details("222-222-222-222-222"))
      assert.isFalse(Sportello.isFailure(error))
      assert.strictEqual(Object.getPrototypeOf(error), Error.prototype)
      assert.include((error as Error).message, "disk on fire")
      assert.instanceOf((error as Error).cause, StorageError.StorageError)
    } finally {
      await sportello.close()
    }
  })

  it("the clock given drives the timers: the desk is warned before the deadline", async () => {
    const clock = manualClock("2027-03-01T10:00:00+01:00")
    const sportello = await createSportello({ now: clock.now })
    try {
      const { code } = await sportello.submit(webForm("w"))
      const [entry] = await sportello.worklist({ queue: "desk" })
      assert.strictEqual(entry?.code, code)
      assert.deepStrictEqual(await sportello.runTimers(), { warnings: 0, breaches: 0, closed: 0 })
      clock.set(new Date(entry!.atRiskAt!).toISOString())
      assert.deepStrictEqual(await sportello.runTimers(), { warnings: 1, breaches: 0, closed: 0 })
      const [warning] = await sportello.outbox({ code, state: "Pending" })
      assert.strictEqual(warning?.message.purpose, "warning")
    } finally {
      await sportello.close()
    }
  })

  it("deliver sends through a mailer function; a DeliveryError it throws decides whether to retry", async () => {
    const sent: Array<string> = []
    const sportello = await createSportello({
      mailer: async (mail) => {
        if (mail.to.address.endsWith(".invalid")) {
          throw new Delivery.DeliveryError({ reason: "invalid-address", message: "no such domain" })
        }
        sent.push(mail.to.address)
        return { providerId: `smtp-${sent.length}` }
      }
    })
    try {
      const good = await sportello.submit(webForm("good"))
      const bad = await sportello.submit(webForm("bad", {
        requester: { kind: "citizen", contacts: [{ _tag: "Email", address: "someone@example.invalid" }] }
      }))
      assert.deepStrictEqual(await sportello.deliver(), { sent: 1, failed: 1 })
      assert.deepStrictEqual(sent, ["maria.rossi@example.it"])
      const [ack] = await sportello.outbox({ code: good.code })
      assert.strictEqual(ack?.state._tag, "Sent")
      const [dead] = await sportello.outbox({ code: bad.code })
      assert.strictEqual(dead?.state._tag, "DeadLetter")
    } finally {
      await sportello.close()
    }
  })

  it("runs timers and the relay in the background until close", async () => {
    let reads = 0
    let sent!: (subject: string) => void
    const firstMail = new Promise<string>((resolve) => (sent = resolve))
    const sportello = await createSportello({
      background: { intervalMs: 5 },
      now: () => (reads++, Date.now()),
      mailer: async (mail) => (sent(mail.subject), { providerId: "p" })
    })
    const { code } = await sportello.submit(webForm("bg"))
    // no deliver() call: the background relay sends the acknowledgement
    assert.include(await firstMail, code)
    await sportello.close()
    const after = reads
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.strictEqual(reads, after, "no background work after close")
  })

  it("close waits for calls in flight, releases the layers' resources, and later calls reject", async () => {
    const released: Array<string> = []
    const storage = TicketStore.layerMemory.pipe(
      Layer.merge(Layer.effectDiscard(Effect.addFinalizer(() => Effect.sync(() => void released.push("storage")))))
    )
    const sportello = await createSportello({ storage })
    const inFlight = sportello.submit(webForm("in-flight"))
    const closed = sportello.close()
    assert.strictEqual(sportello.close(), closed, "closing twice is the same close")
    const submitted = await inFlight
    assert.isFalse(submitted.duplicate)
    await closed
    assert.deepStrictEqual(released, ["storage"])

    const late = await rejection(sportello.lookup(submitted.code, "client"))
    assert.isFalse(Sportello.isFailure(late))
    assert.include((late as Error).message, "closed")
    const unsubscribe = sportello.subscribe(() => assert.fail("closed"))
    unsubscribe()
  })

  it("a layer that cannot be built rejects creation with its error, after releasing what was acquired", async () => {
    const released: Array<string> = []
    const pool = Layer.effectDiscard(Effect.addFinalizer(() => Effect.sync(() => void released.push("pool"))))
    const unreachable = Layer.effectDiscard(Effect.fail(new StorageError.StorageError({ reason: "unavailable", message: "connection refused" })))
    const storage = TicketStore.layerMemory.pipe(Layer.provideMerge(unreachable), Layer.provideMerge(pool))
    const error = await rejection(createSportello({ storage }))
    assert.isTrue(Sportello.isFailure(error))
    assert.instanceOf(error, StorageError.StorageError)
    assert.strictEqual((error as StorageError.StorageError).reason, "unavailable")
    assert.deepStrictEqual(released, ["pool"])
  })
})
