/**
 * The outbound SMS port (R21): messages to phone numbers, and the delivery reports that
 * follow. Adapters speak SMPP or a provider's HTTP API.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Queue, Stream } from "effect"
import type { DeliveryError, Receipt } from "./Delivery.ts"

/**
 * An SMS to send. `to` is an E.164 number ("+393331234567").
 *
 * @since 0.1.0
 * @category models
 */
export interface Sms {
  readonly deliveryKey: string
  readonly to: string
  readonly text: string
}

/**
 * A delivery report for a sent SMS.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusReport {
  readonly providerId: string
  readonly status: "delivered" | "failed" | "expired" | "rejected"
  readonly at: number
  readonly detail?: string
}

/**
 * The SMS port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly send: (sms: Sms) => Effect.Effect<Receipt, DeliveryError>
  /** Delivery reports as the provider sends them. */
  readonly reports: Stream.Stream<StatusReport>
}

/**
 * The SMS service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class SmsGateway extends Context.Service<SmsGateway, Service>()("@sportello/core/SmsGateway") {}

/**
 * An in-memory gateway that keeps what it sent (once per delivery key) and reports every
 * message delivered at once.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Service & { readonly sent: () => ReadonlyArray<Sms & { readonly providerId: string }> }> = Effect.gen(
  function*() {
    const queue = yield* Queue.unbounded<StatusReport>()
    const sent = new Map<string, Sms & { providerId: string }>()
    let n = 0
    return {
      send: (sms: Sms) =>
        Effect.gen(function*() {
          const acceptedAt = yield* Clock.currentTimeMillis
          const existing = sent.get(sms.deliveryKey)
          if (existing !== undefined) return { providerId: existing.providerId, acceptedAt }
          const providerId = `sms-${++n}`
          sent.set(sms.deliveryKey, { ...sms, providerId })
          yield* Queue.offer(queue, { providerId, status: "delivered", at: acceptedAt })
          return { providerId, acceptedAt }
        }),
      reports: Stream.fromQueue(queue),
      sent: () => [...sent.values()]
    }
  }
)

/**
 * An in-memory SMS gateway layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SmsGateway> = Layer.effect(SmsGateway, makeMemory)
