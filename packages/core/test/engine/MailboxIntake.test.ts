/**
 * Intake from the mailbox at the level of user stories: messages come through the in-memory
 * mailbox port and the intake's layer consumes them in the background.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { Engine, type Inbound, Mailbox, MailboxIntake, Outbox, StorageError, TicketStore } from "@sportello/core"
import { at, captureLogs, makeLayer, settle } from "./harness.ts"

type Box = Effect.Success<typeof Mailbox.makeMemory>

/** Runs `body` with a mailbox to deliver to and the intake consuming it. */
const withMailbox = <A, E, R>(
  body: (box: Box) => Effect.Effect<A, E, R>,
  options: { readonly logs?: Layer.Layer<never>; readonly store?: Layer.Layer<TicketStore.TicketStore | Outbox.Outbox> } = {}
) =>
  Effect.gen(function*() {
    const box = yield* Mailbox.makeMemory
    const intake = MailboxIntake.layer.pipe(Layer.provide(Layer.succeed(Mailbox.Mailbox, box)))
    return yield* body(box).pipe(Effect.provide(intake))
  }).pipe(Effect.provide(Layer.mergeAll(makeLayer(options.store === undefined ? {} : { store: options.store }), options.logs ?? Layer.empty)))

/** Waits until the intake has dealt with `n` messages in all. */
const handled = (n: number) =>
  Effect.flatMap(MailboxIntake.MailboxIntake, (intake) =>
    settle(Effect.map(intake.status, (s) => s.stored + s.duplicate + s.quarantined + s.deferred >= n)))

const mail = (messageId: string, over: Record<string, unknown> = {}): Inbound.Submission =>
  ({
    channel: "email",
    idempotencyKey: messageId,
    requester: {
      kind: "citizen",
      identity: { _tag: "Person", firstName: "Mario", lastName: "Bianchi" },
      contacts: [{ _tag: "Email", address: "mario.bianchi@libero.example.it" }]
    },
    content: { kind: "report", subject: "Crepa nel muro della scuola", text: "Segnalo una crepa nel muro della scuola elementare di via Dante 3 a Norcia." },
    attachments: [],
    ...over
  }) as Inbound.Submission

describe("MailboxIntake — a citizen writes an e-mail", () => {
  it.effect("it becomes a ticket, and the message is acknowledged to the mailbox once stored", () =>
    withMailbox((box) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(at("2027-03-01T10:00:00+01:00"))
        yield* box.deliver(mail("<a1@libero.example.it>"))
        yield* handled(1)
        assert.deepStrictEqual(box.acknowledged(), ["<a1@libero.example.it>"])
        assert.deepStrictEqual(box.quarantined(), [])
        const engine = yield* Engine.Engine
        const [entry] = yield* engine.worklist({})
        assert.strictEqual(entry?.channel, "email")
        const outbox = yield* Outbox.Outbox
        const [ack] = yield* outbox.list({ code: entry!.code })
        assert.deepStrictEqual(ack?.message.to, { _tag: "Email", address: "mario.bianchi@libero.example.it" })
      })
    ))

  it.effect("a message handed over again (e.g. after a crash before the acknowledgement) is the same ticket", () =>
    withMailbox((box) =>
      Effect.gen(function*() {
        yield* box.deliver(mail("<a2@libero.example.it>"))
        yield* box.deliver(mail("<a2@libero.example.it>"))
        yield* handled(2)
        const intake = yield* MailboxIntake.MailboxIntake
        assert.deepStrictEqual(yield* intake.status, { stored: 1, duplicate: 1, quarantined: 0, deferred: 0 })
        assert.deepStrictEqual(box.acknowledged(), ["<a2@libero.example.it>", "<a2@libero.example.it>"])
        assert.lengthOf(yield* (yield* Engine.Engine).worklist({}), 1)
      })
    ))
})

describe("MailboxIntake — what goes wrong", () => {
  it.effect("a message intake cannot read is quarantined, logged without personal data, and the next one goes through", () => {
    const logs = captureLogs()
    return withMailbox((box) =>
      Effect.gen(function*() {
        const unreadable = mail("<20270301.mario.bianchi@libero.example.it>", {
          content: { kind: "gossip", subject: "Crepa nel muro della scuola", text: "Segnalo una crepa in via Dante 3 a Norcia." }
        })
        yield* box.deliver(unreadable)
        yield* box.deliver(mail("<a3@libero.example.it>"))
        yield* handled(2)
        assert.deepStrictEqual(box.quarantined(), ["<20270301.mario.bianchi@libero.example.it>"])
        assert.deepStrictEqual(box.acknowledged(), ["<20270301.mario.bianchi@libero.example.it>", "<a3@libero.example.it>"])
        const intake = yield* MailboxIntake.MailboxIntake
        assert.deepStrictEqual(yield* intake.status, { stored: 1, duplicate: 0, quarantined: 1, deferred: 0 })

        const quarantine = logs.lines.find((l) => l.includes("quarantined"))
        assert.isDefined(quarantine)
        assert.include(quarantine!, "content.kind")
        assert.include(quarantine!, yield* MailboxIntake.keyDigest("<20270301.mario.bianchi@libero.example.it>"))
        for (const line of logs.lines) {
          for (const secret of ["Mario", "Bianchi", "mario.bianchi", "libero", "Dante", "Norcia", "Crepa", "gossip"]) assert.notInclude(line, secret)
        }
      }), { logs: logs.layer })
  })

  it.effect("when the store fails, the message is not acknowledged; handed over again, it is stored and acknowledged", () => {
    let failures = 1
    const flaky = Layer.effectContext(Effect.gen(function*() {
      const context = yield* Layer.build(TicketStore.layerMemory)
      const store = Context.get(context, TicketStore.TicketStore)
      return Context.add(context, TicketStore.TicketStore, {
        ...store,
        append: (commit) =>
          failures-- > 0
            ? Effect.fail(new StorageError.StorageError({ reason: "unavailable", message: "the database is restarting" }))
            : store.append(commit)
      })
    }))
    return withMailbox((box) =>
      Effect.gen(function*() {
        yield* box.deliver(mail("<a4@libero.example.it>"))
        yield* handled(1)
        assert.deepStrictEqual(box.acknowledged(), [])
        assert.lengthOf(yield* (yield* Engine.Engine).worklist({}), 0)
        yield* box.deliver(mail("<a4@libero.example.it>"))
        yield* handled(2)
        assert.deepStrictEqual(box.acknowledged(), ["<a4@libero.example.it>"])
        const intake = yield* MailboxIntake.MailboxIntake
        assert.deepStrictEqual(yield* intake.status, { stored: 1, duplicate: 0, quarantined: 0, deferred: 1 })
        assert.lengthOf(yield* (yield* Engine.Engine).worklist({}), 1)
      }), { store: flaky })
  })
})
