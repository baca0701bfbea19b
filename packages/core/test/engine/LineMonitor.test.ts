/**
 * The toll-free line (R1, R20) at the level of user stories: voicemails become tickets, call
 * events become hourly figures. Events go through the in-memory telephony port and the
 * monitor's layer consumes them in the background.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { Engine, LineMonitor, Mailer, Relay, SmsGateway, Telephony } from "@sportello/core"
import { at, captureLogs, makeLayer, settle } from "./harness.ts"

type Line = Effect.Success<typeof Telephony.makeMemory>

/** Runs `body` with a line to emit events on and a monitor consuming them. */
const onTheLine = <A, E, R>(body: (line: Line) => Effect.Effect<A, E, R>, options: { readonly logs?: Layer.Layer<never> } = {}) =>
  Effect.gen(function*() {
    const line = yield* Telephony.makeMemory
    const monitor = LineMonitor.layer().pipe(Layer.provide(Layer.succeed(Telephony.Telephony, line)))
    return yield* body(line).pipe(Effect.provide(monitor))
  }).pipe(Effect.provide(options.logs === undefined ? makeLayer() : Layer.merge(makeLayer(), options.logs)))

/** Emits events, then waits until the monitor has handled all of them. */
const emitAll = (line: Line, events: ReadonlyArray<Telephony.CallEvent>) =>
  Effect.gen(function*() {
    const monitor = yield* LineMonitor.LineMonitor
    const before = (yield* monitor.status).eventsSeen
    for (const event of events) yield* line.emit(event)
    yield* settle(Effect.map(monitor.status, (s) => s.eventsSeen >= before + events.length))
  })

const transcript = "Buonasera, sono Paolo Neri di Rieti. Vorrei sapere come iscrivermi a un gruppo comunale di volontariato di protezione civile. Mi richiami pure a questo numero, grazie."

describe("LineMonitor — a citizen leaves a voicemail at night", () => {
  it.effect("it becomes a ticket the desk calls back by the end of the next service day, and the caller gets its code by SMS", () =>
    onTheLine((line) =>
      Effect.gen(function*() {
        // Monday 1 March 2027, 22:14: the line is closed, the call goes to voicemail
        yield* TestClock.setTime(at("2027-03-02T07:55:00+01:00"))
        yield* emitAll(line, [
          { _tag: "CallOffered", callId: "call-0001", at: at("2027-03-01T22:14:00+01:00"), from: "+39 333 7654321" },
          { _tag: "CallEnded", callId: "call-0001", at: at("2027-03-01T22:14:20+01:00"), cause: "to-voicemail" },
          {
            _tag: "VoicemailLeft",
            callId: "call-0001",
            at: at("2027-03-01T22:16:00+01:00"),
            from: "+39 333 7654321",
            recordingRef: "rec/2027/03/01/call-0001.wav",
            durationSeconds: 95,
            transcript
          }
        ])
        const engine = yield* Engine.Engine
        const [entry] = yield* engine.worklist({ queue: "desk" })
        assert.strictEqual(entry?.channel, "voicemail")
        const details = yield* engine.details(entry!.code)
        assert.strictEqual(details.ticket.receivedAt, at("2027-03-01T22:16:00+01:00"))
        assert.deepStrictEqual(details.ticket.requester, { kind: "citizen", contacts: [{ _tag: "Phone", number: "+39 333 7654321" }] })
        assert.strictEqual(details.ticket.content.text, transcript)
        assert.strictEqual(details.ticket.content.subject, "rec/2027/03/01/call-0001.wav")
        assert.strictEqual(details.ticket.status, "open")
        assert.deepStrictEqual(details.deadline, { _tag: "Due", at: at("2027-03-02T18:00:00+01:00") })
        assert.strictEqual((yield* engine.lookup(entry!.code, "tel")).expectedAnswerBy, "2027-03-02")

        const sms = yield* SmsGateway.makeMemory
        yield* Relay.deliverDue().pipe(Effect.provideService(SmsGateway.SmsGateway, sms), Effect.provideService(Mailer.Mailer, Mailer.makeMemory()))
        const [ack] = sms.sent()
        assert.strictEqual(ack?.to, "+39 333 7654321")
        assert.include(ack!.text, entry!.code)
        assert.include(ack!.text, "112")

        const monitor = yield* LineMonitor.LineMonitor
        assert.deepStrictEqual(yield* monitor.figures({ from: "2027-03-01", to: "2027-03-01" }), [{
          date: "2027-03-01",
          hour: 22,
          offered: 1,
          answered: 0,
          abandoned: 0,
          toVoicemail: 1,
          notConnected: 0,
          voicemailsLeft: 1,
          maxWaitMs: 20_000,
          capacity: 100,
          load: 0.01,
          overCapacity: false
        }])
      })
    ))

  it.effect("the same voicemail delivered twice is one ticket, counted once", () =>
    onTheLine((line) =>
      Effect.gen(function*() {
        const voicemail = {
          _tag: "VoicemailLeft",
          callId: "call-0002",
          at: at("2027-03-06T11:00:00+01:00"),
          from: "+39 06 1234567",
          recordingRef: "rec-0002",
          durationSeconds: 30,
          transcript
        } as const
        yield* TestClock.setTime(at("2027-03-06T11:05:00+01:00"))
        yield* emitAll(line, [voicemail, voicemail])
        const engine = yield* Engine.Engine
        assert.lengthOf(yield* engine.worklist({}), 1)
        const monitor = yield* LineMonitor.LineMonitor
        const [hour] = yield* monitor.figures()
        assert.strictEqual(hour!.voicemailsLeft, 1)
        assert.strictEqual(hour!.offered, 1)
        assert.strictEqual((yield* monitor.status).voicemailsRegistered, 2) // the second answered "already received"
      })
    ))

  it.effect("without a transcript the text says which recording to listen to; without a number the ticket is registered and closed", () =>
    onTheLine((line) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(at("2027-03-02T09:00:00+01:00"))
        yield* emitAll(line, [
          { _tag: "VoicemailLeft", callId: "call-0003", at: at("2027-03-01T23:00:00+01:00"), from: "+39 333 0000001", recordingRef: "rec-0003", durationSeconds: 42 },
          { _tag: "VoicemailLeft", callId: "call-0004", at: at("2027-03-01T23:30:00+01:00"), from: "anonymous", recordingRef: "rec-0004", durationSeconds: 12 }
        ])
        const engine = yield* Engine.Engine
        const [open] = yield* engine.worklist({})
        const details = yield* engine.details(open!.code)
        assert.include(details.ticket.content.text, "rec-0003")
        assert.include(details.ticket.content.text, "registrazione")
        assert.deepStrictEqual(details.ticket.language, { _tag: "Supported", language: "it", how: "declared" })
        const [report] = yield* engine.statistics({ period: "all" })
        assert.strictEqual(report!.received, 2)
        assert.deepStrictEqual(report!.byOutcome, { "unanswerable-no-reply-address": 1 })
      })
    ))

  it.effect("a voicemail intake cannot read is logged without the caller's number or words, and the line goes on", () => {
    const logs = captureLogs()
    return onTheLine((line) =>
      Effect.gen(function*() {
        yield* emitAll(line, [
          { _tag: "VoicemailLeft", callId: "x".repeat(600), at: at("2027-03-01T23:00:00+01:00"), from: "+39 333 4445556", recordingRef: "rec-0005", durationSeconds: 20, transcript: "Sono Ugo Fosco, via Appia 5" },
          { _tag: "VoicemailLeft", callId: "call-0006", at: at("2027-03-01T23:10:00+01:00"), from: "+39 333 4445557", recordingRef: "rec-0006", durationSeconds: 20, transcript }
        ])
        const monitor = yield* LineMonitor.LineMonitor
        const status = yield* monitor.status
        assert.strictEqual(status.voicemailsRegistered, 1)
        assert.strictEqual(status.voicemailsNotRegistered, 1)
        const failure = logs.lines.find((l) => l.includes("voicemail not registered"))
        assert.isDefined(failure)
        assert.include(failure!, "idempotencyKey")
        for (const line of logs.lines) {
          for (const secret of ["4445556", "4445557", "Ugo", "Fosco", "Appia", "Paolo Neri"]) assert.notInclude(line, secret)
        }
      }), { logs: logs.layer })
  })
})

describe("LineMonitor — the line's figures per local hour against the charter's 100 calls an hour (R20)", () => {
  const offered = (callId: string, iso: string) => ({ _tag: "CallOffered", callId, at: at(iso) }) as const
  const answered = (callId: string, iso: string) => ({ _tag: "CallAnswered", callId, at: at(iso), operator: "op-1" }) as const
  const ended = (callId: string, iso: string, cause: Telephony.CallEvent & { _tag: "CallEnded" } extends { cause: infer C } ? C : never) =>
    ({ _tag: "CallEnded", callId, at: at(iso), cause }) as const

  it.effect("counts offered, answered, abandoned and voicemail calls in the hour they were offered, with waits, and duplicates once", () =>
    onTheLine((line) =>
      Effect.gen(function*() {
        // the clock does not matter: figures take their time from the events
        yield* TestClock.setTime(at("2030-01-01T00:00:00+01:00"))
        yield* emitAll(line, [
          offered("a", "2027-03-01T10:00:00+01:00"),
          offered("b", "2027-03-01T10:10:00+01:00"),
          offered("c", "2027-03-01T10:59:00+01:00"),
          answered("a", "2027-03-01T10:00:30+01:00"),
          answered("a", "2027-03-01T10:00:30+01:00"), // delivered twice
          answered("b", "2027-03-01T10:11:30+01:00"),
          ended("a", "2027-03-01T10:05:00+01:00", "completed"),
          ended("c", "2027-03-01T11:01:00+01:00", "abandoned"), // offered at 10:59, counts at 10
          offered("d", "2027-03-01T11:20:00+01:00"),
          answered("d", "2027-03-01T11:20:10+01:00"),
          offered("e", "2027-03-01T11:30:00+01:00"),
          ended("e", "2027-03-01T11:31:00+01:00", "to-voicemail"),
          { _tag: "VoicemailLeft", callId: "e", at: at("2027-03-01T11:32:00+01:00"), from: "+39 333 9990001", recordingRef: "rec-e", durationSeconds: 40, transcript },
          offered("f", "2027-03-01T11:40:00+01:00"),
          ended("f", "2027-03-01T11:40:01+01:00", "busy")
        ])
        const monitor = yield* LineMonitor.LineMonitor
        const figures = yield* monitor.figures({ from: "2027-03-01", to: "2027-03-01" })
        assert.deepStrictEqual(figures, [
          {
            date: "2027-03-01",
            hour: 10,
            offered: 3,
            answered: 2,
            abandoned: 1,
            toVoicemail: 0,
            notConnected: 0,
            voicemailsLeft: 0,
            averageWaitMs: 60_000, // 30 s and 90 s
            maxWaitMs: 120_000, // c waited two minutes and hung up
            capacity: 100,
            load: 0.03,
            overCapacity: false
          },
          {
            date: "2027-03-01",
            hour: 11,
            offered: 3,
            answered: 1,
            abandoned: 0,
            toVoicemail: 1,
            notConnected: 1,
            voicemailsLeft: 1,
            averageWaitMs: 10_000,
            maxWaitMs: 60_000,
            capacity: 100,
            load: 0.03,
            overCapacity: false
          }
        ])
      })
    ))

  it.effect("an hour with more calls than the line can take is over capacity; hours are local, daylight saving included", () =>
    onTheLine((line) =>
      Effect.gen(function*() {
        const calls = Array.from({ length: 101 }, (_, i) => offered(`peak-${i}`, new Date(at("2027-03-28T09:00:00+02:00") + i * 30_000).toISOString()))
        // 28 March 2027 is the day clocks go forward in Rome: 09:00 local is 07:00 UTC
        yield* emitAll(line, [...calls, offered("night", "2027-03-28T00:30:00Z")])
        const monitor = yield* LineMonitor.LineMonitor
        const figures = yield* monitor.figures({ from: "2027-03-28" })
        assert.deepStrictEqual(figures.map((f) => [f.hour, f.offered, f.overCapacity]), [[1, 1, false], [9, 101, true]])
        assert.strictEqual(figures[1]!.load, 1.01)
      })
    ))
})
