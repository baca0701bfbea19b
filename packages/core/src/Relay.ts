/**
 * The outbox relay: delivers pending messages through the channel ports — e-mail and PEC
 * through the `Mailer`, phone numbers by SMS through the `SmsGateway` — and records each
 * attempt: sent with the provider's id, retried with backoff, or a dead letter. Faxes and
 * letters have no adapter yet: they become dead letters that say so, for staff to send by
 * hand from the outbox page. Several engine processes can run it at once.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Option } from "effect"
import { DeliveryError, type Receipt } from "./Delivery.ts"
import { Mailer } from "./Mailer.ts"
import { defaultRetryPolicy, type Message, Outbox, type RetryPolicy } from "./Outbox.ts"
import { SmsGateway } from "./SmsGateway.ts"

/**
 * What a run did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivered {
  readonly sent: number
  readonly failed: number
}

const unsupported = (kind: string) =>
  new DeliveryError({ reason: "rejected", message: `no adapter delivers to ${kind} here: send it by hand` })

/**
 * Delivers up to `limit` pending messages due now.
 *
 * @since 0.1.0
 * @category operations
 */
export const deliverDue = Effect.fn("Relay.deliverDue")(function*(
  options: { readonly limit?: number; readonly leaseMs?: number; readonly retry?: RetryPolicy } = {}
) {
  const outbox = yield* Outbox
  const mailer = yield* Effect.serviceOption(Mailer)
  const sms = yield* Effect.serviceOption(SmsGateway)
  const now = yield* Clock.currentTimeMillis
  const claimed = yield* outbox.claim({ now, limit: options.limit ?? 100, leaseMs: options.leaseMs ?? 60_000 })
  let sent = 0
  let failed = 0
  const send = (m: Message): Effect.Effect<Receipt, DeliveryError> => {
    switch (m.to._tag) {
      case "Email":
      case "Pec":
        return Option.isSome(mailer)
          ? mailer.value.send({
            deliveryKey: m.deliveryKey,
            to: { kind: m.to._tag === "Email" ? "email" : "pec", address: m.to.address },
            subject: m.subject,
            text: m.body,
            language: m.language
          })
          : Effect.fail(unsupported("e-mail"))
      case "Phone":
        return Option.isSome(sms)
          ? sms.value.send({ deliveryKey: m.deliveryKey, to: m.to.number, text: `${m.subject}\n${m.body}` })
          : Effect.fail(unsupported("SMS"))
      case "Fax":
        return Effect.fail(unsupported("fax"))
      case "Postal":
        return Effect.fail(unsupported("post"))
    }
  }
  for (const { message } of claimed) {
    const result = yield* Effect.result(send(message))
    const at = yield* Clock.currentTimeMillis
    if (result._tag === "Success") {
      yield* outbox.markSent(message.id, { at, providerId: result.success.providerId })
      sent++
    } else {
      yield* outbox.markFailed(message.id, {
        at,
        error: result.failure.message,
        permanent: !result.failure.isRetryable,
        policy: options.retry ?? defaultRetryPolicy
      })
      failed++
    }
  }
  return { sent, failed } satisfies Delivered as Delivered
})
