/**
 * The development sink: outgoing e-mail, PEC and SMS are captured in memory instead of being
 * sent, and the outbox page shows them. The relay delivers to it as it would to a real
 * provider, so the whole path — commit, outbox, relay, delivery — runs as in production.
 */
import { Mailer, SmsGateway } from "@sportello/core"
import { Context, Effect, Layer } from "effect"

/** What the sink captured, oldest first. */
export interface Service {
  readonly mail: () => ReadonlyArray<Mailer.Mail & { readonly providerId: string }>
  readonly sms: () => ReadonlyArray<SmsGateway.Sms & { readonly providerId: string }>
}

/** The sink's tag. */
export class DevSink extends Context.Service<DevSink, Service>()("@sportello/example-contact-center/DevSink") {}

/** The sink, as the `Mailer` and the `SmsGateway`. */
export const layer: Layer.Layer<DevSink | Mailer.Mailer | SmsGateway.SmsGateway> = Layer.effectContext(
  Effect.gen(function*() {
    const mailer = Mailer.makeMemory()
    const sms = yield* SmsGateway.makeMemory
    return Context.make(DevSink, { mail: mailer.sent, sms: sms.sent }).pipe(
      Context.add(Mailer.Mailer, mailer),
      Context.add(SmsGateway.SmsGateway, sms)
    )
  })
)
