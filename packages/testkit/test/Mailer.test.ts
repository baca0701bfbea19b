import { Mailer } from "@sportello/core"
import { MailerSuite } from "@sportello/testkit"
import { Context, Effect, Layer } from "effect"

// The harness: the in-memory mailer's own record of what it sent plays the provider's inbox.
const memory = Layer.effectContext(Effect.sync(() => {
  const mailer = Mailer.makeMemory()
  return Context.make(Mailer.Mailer, mailer).pipe(Context.add(MailerSuite.Sent, { sent: Effect.sync(mailer.sent) }))
}))

MailerSuite.mailerSuite("in-memory", memory, { honoursDeliveryKeys: true, inspectable: true })
MailerSuite.mailerSuite("in-memory, through the port only", Mailer.layerMemory)
