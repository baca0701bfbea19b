/**
 * The telephony port: events of the toll-free line (numero verde) — calls offered, answered
 * and ended, voicemails left when the line is closed or every operator is busy — in a
 * vendor-neutral shape that a PBX (Asterisk ARI) or hosted-voice (Twilio) adapter maps onto.
 * Voicemails become requests (R1); call events feed line monitoring (R20).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Queue, Schema, Stream } from "effect"

/**
 * An event of the line. `callId` is the vendor's call id, the idempotency key of the call.
 *
 * @since 0.1.0
 * @category models
 */
export const CallEvent = Schema.Union([
  Schema.TaggedStruct("CallOffered", { callId: Schema.NonEmptyString, at: Schema.Number, from: Schema.optionalKey(Schema.String) }),
  Schema.TaggedStruct("CallAnswered", { callId: Schema.NonEmptyString, at: Schema.Number, operator: Schema.optionalKey(Schema.String) }),
  Schema.TaggedStruct("CallEnded", {
    callId: Schema.NonEmptyString,
    at: Schema.Number,
    cause: Schema.Literals(["completed", "abandoned", "busy", "no-answer", "failed", "to-voicemail"])
  }),
  Schema.TaggedStruct("VoicemailLeft", {
    callId: Schema.NonEmptyString,
    at: Schema.Number,
    from: Schema.optionalKey(Schema.String),
    recordingRef: Schema.NonEmptyString,
    durationSeconds: Schema.Number,
    transcript: Schema.optionalKey(Schema.String)
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type CallEvent = typeof CallEvent.Type

/**
 * The telephony port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly events: Stream.Stream<CallEvent>
}

/**
 * The telephony service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class Telephony extends Context.Service<Telephony, Service>()("@sportello/core/Telephony") {}

/**
 * In-memory telephony: `emit` puts an event on the line.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Service & { readonly emit: (event: CallEvent) => Effect.Effect<void> }> = Effect.gen(function*() {
  const queue = yield* Queue.unbounded<CallEvent>()
  return { events: Stream.fromQueue(queue), emit: (event: CallEvent) => Effect.asVoid(Queue.offer(queue, event)) }
})

/**
 * An in-memory telephony layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Telephony> = Layer.effect(Telephony, makeMemory)
