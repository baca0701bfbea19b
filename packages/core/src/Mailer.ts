/**
 * The outbound mail port: e-mail and certified e-mail (PEC). Acknowledgements and answers to
 * e-mail and PEC addresses leave through it; a PEC provider's delivery receipt is the legal
 * proof of an answer (B3) and comes back as `legalProof`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"
import type { DeliveryError, Receipt as DeliveryReceipt } from "./Delivery.ts"

/**
 * A message to send.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mail {
  /** Unique per delivery; sent as the Message-ID seed so a retry is recognisable. */
  readonly deliveryKey: string
  readonly to: { readonly kind: "email" | "pec"; readonly address: string }
  readonly subject: string
  readonly text: string
  readonly language: string
  readonly attachments?: ReadonlyArray<{ readonly name: string; readonly mediaType: string; readonly bytes: Uint8Array }>
}

/**
 * A receipt for mail; for PEC, the provider's acceptance or delivery receipt.
 *
 * @since 0.1.0
 * @category models
 */
export interface Receipt extends DeliveryReceipt {
  readonly legalProof?: { readonly kind: string; readonly reference: string }
}

/**
 * The mail port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly send: (mail: Mail) => Effect.Effect<Receipt, DeliveryError>
}

/**
 * The mail service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class Mailer extends Context.Service<Mailer, Service>()("@sportello/core/Mailer") {}

/**
 * An in-memory mailer that keeps what it sent (once per delivery key), for tests and for the
 * development "outbox" page.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (): Service & { readonly sent: () => ReadonlyArray<Mail & { readonly providerId: string }> } => {
  const sent = new Map<string, Mail & { providerId: string }>()
  let n = 0
  return {
    send: (mail) =>
      Effect.map(Clock.currentTimeMillis, (acceptedAt) => {
        const existing = sent.get(mail.deliveryKey)
        const providerId = existing?.providerId ?? `mem-${++n}`
        if (existing === undefined) sent.set(mail.deliveryKey, { ...mail, providerId })
        return { providerId, acceptedAt }
      }),
    sent: () => [...sent.values()]
  }
}

/**
 * An in-memory mailer layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Mailer> = Layer.sync(Mailer, makeMemory)
