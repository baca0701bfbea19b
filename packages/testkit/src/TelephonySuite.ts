/**
 * The conformance suite of the `Telephony` port (events of the toll-free line).
 *
 * ```ts no-run
 * import { TelephonySuite } from "@sportello/testkit"
 * TelephonySuite.telephonySuite("asterisk-ari", Layer.merge(myAriTelephony, myAriSimulatorAsLine))
 * ```
 *
 * Events are read through the `Telephony` tag only; the harness puts vendor events on the
 * line through {@link Line} (an ARI simulator, a recorded webhook), and the suite checks that
 * the vendor-neutral events come out as they happened.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { Telephony } from "@sportello/core"
import { Context, Effect, type Layer, Schema, Stream } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { forAll, freshId } from "./internal/suite.ts"
import { MINUTE } from "./internal/time.ts"
import * as Properties from "./Properties.ts"

/**
 * The test harness's way to make something happen on the line.
 *
 * @since 0.1.0
 * @category harness
 */
export class Line extends Context.Service<Line, { readonly emit: (event: Telephony.CallEvent) => Effect.Effect<void> }>()(
  "@sportello/testkit/TelephonySuite/Line"
) {}

/**
 * What happens to one call, in order: offered, then answered and ended, abandoned, or sent to
 * voicemail with a recording (and a transcript sometimes). The call id is filled in later.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const call: fc.Arbitrary<ReadonlyArray<Telephony.CallEvent>> = fc
  .tuple(
    fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2029, 11, 31) / MINUTE }).map((m) => m * MINUTE),
    fc.option(Arbitraries.phoneNumber, { nil: undefined }),
    fc.constantFrom("answered", "abandoned", "voicemail", "busy"),
    fc.integer({ min: 1, max: 900 }),
    fc.option(Arbitraries.content({ declareLanguage: false }).map((c) => c.text), { nil: undefined })
  )
  .map(([at, from, fate, seconds, transcript]): ReadonlyArray<Telephony.CallEvent> => {
    const callId = ""
    const offered: Telephony.CallEvent = { _tag: "CallOffered", callId, at, ...(from === undefined ? {} : { from }) }
    const end = at + seconds * 1000
    switch (fate) {
      case "answered":
        return [offered, { _tag: "CallAnswered", callId, at: at + 5000, operator: "op-17" }, { _tag: "CallEnded", callId, at: end + 5000, cause: "completed" }]
      case "abandoned":
        return [offered, { _tag: "CallEnded", callId, at: end, cause: "abandoned" }]
      case "busy":
        return [offered, { _tag: "CallEnded", callId, at: at + 1000, cause: "busy" }]
      default:
        return [
          offered,
          { _tag: "CallEnded", callId, at: at + 30_000, cause: "to-voicemail" },
          {
            _tag: "VoicemailLeft",
            callId,
            at: end,
            ...(from === undefined ? {} : { from }),
            recordingRef: `recordings/${at}.wav`,
            durationSeconds: seconds,
            ...(transcript === undefined ? {} : { transcript })
          }
        ]
    }
  })

const isCallEvent = Schema.is(Telephony.CallEvent)

/**
 * Registers the conformance tests of a `Telephony` adapter: the events of a call come out
 * decoded (valid `Telephony.CallEvent`s), with the vendor's call id, in the order they
 * happened, the voicemail with its recording and transcript.
 *
 * @since 0.1.0
 * @category suites
 */
export const telephonySuite = <E>(name: string, layer: Layer.Layer<Telephony.Telephony | Line, E>, options: Properties.SuiteOptions = {}): void => {
  const parameters = Properties.parameters<unknown>(20, options)
  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`Telephony conformance (${name})`, (it) => {
    it.effect("the events of a call come out decoded, with its call id, in order", () =>
      forAll(call, parameters, (events) =>
        Effect.gen(function*() {
          const telephony = yield* Telephony.Telephony
          const line = yield* Line
          const callId = freshId("call")
          const emitted = events.map((e) => ({ ...e, callId }))
          for (const e of emitted) yield* line.emit(e)
          const got = yield* telephony.events.pipe(Stream.filter((e) => e.callId === callId), Stream.take(emitted.length), Stream.runCollect)
          for (const e of got) expect(isCallEvent(e), "a valid Telephony.CallEvent").toBe(true)
          expect(got).toStrictEqual(emitted)
        })), Properties.timeout(parameters.numRuns ?? 20, 200))
  })
}
