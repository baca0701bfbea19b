/**
 * The conformance suite of the `Mailer` port (e-mail and PEC out).
 *
 * ```ts no-run
 * import { MailerSuite } from "@sportello/testkit"
 * MailerSuite.mailerSuite("smtp", Layer.merge(mySmtpMailer, myFakeSmtpServerAsSent), { honoursDeliveryKeys: true, inspectable: true })
 * ```
 *
 * The mailer is reached through the `Mailer` tag only. What the provider received is observed
 * through {@link Sent}, which the adapter's test harness provides (a fake SMTP server, the
 * provider's sandbox); without it the tests that look at deliveries are skipped. Every mail
 * has a fresh delivery key and goes to a reserved `example` domain.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { Mailer } from "@sportello/core"
import { Context, Effect, type Layer, Option } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { forAll, freshId } from "./internal/suite.ts"
import * as Properties from "./Properties.ts"

/**
 * A mail as the provider received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivered {
  readonly deliveryKey: string
  readonly to: { readonly kind: "email" | "pec"; readonly address: string }
  readonly subject: string
  readonly text: string
  readonly attachments?: ReadonlyArray<{ readonly name: string; readonly mediaType: string; readonly bytes: Uint8Array }>
}

/**
 * The test harness's view of what the provider received, one entry per delivery.
 *
 * @since 0.1.0
 * @category harness
 */
export class Sent extends Context.Service<Sent, { readonly sent: Effect.Effect<ReadonlyArray<Delivered>> }>()("@sportello/testkit/MailerSuite/Sent") {}

/**
 * What a mailer can do; tests that need an undeclared capability are skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /** A retry with the same delivery key is not delivered again (default `true`). */
  readonly honoursDeliveryKeys?: boolean
  /** The layer also provides {@link Sent} (default `false`). */
  readonly inspectable?: boolean
}

/**
 * Mails worth sending: to e-mail and PEC addresses, Italian and English, with typographic
 * quotes, emoji and line breaks, with and without attachments.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const mail: fc.Arbitrary<Mailer.Mail> = fc
  .record({
    to: fc.oneof(Arbitraries.emailContact(), Arbitraries.pecContact()),
    subject: fc.oneof(fc.constantFrom("Presa in carico della sua richiesta", "Risposta alla pratica 7KQ-M4X", "Your request"), Arbitraries.unusualText),
    text: fc.oneof(Arbitraries.content().map((c) => c.text), Arbitraries.unusualText),
    language: fc.constantFrom("it", "en"),
    attachments: fc.array(fc.record({ name: fc.constantFrom("risposta.pdf", "allegato «A».txt"), mediaType: fc.constantFrom("application/pdf", "text/plain"), bytes: Arbitraries.bytes(4096) }), { maxLength: 2 })
  })
  .map(({ attachments, to, ...rest }) => ({
    ...rest,
    deliveryKey: "",
    to: to._tag === "Pec" ? { kind: "pec" as const, address: to.address } : { kind: "email" as const, address: to._tag === "Email" ? to.address : "x@example.it" },
    ...(attachments.length === 0 ? {} : { attachments })
  }))

const withKey = (m: Mailer.Mail): Mailer.Mail => ({ ...m, deliveryKey: freshId("mail") })

/**
 * Registers the conformance tests of a `Mailer`:
 * - every mail (e-mail or PEC, any text, with attachments) is accepted with a receipt: a
 *   provider id and the instant of acceptance;
 * - different delivery keys are different messages; a retry with the same key answers the
 *   same provider id and is delivered once (where the provider honours keys);
 * - what the provider received is what was sent (with {@link Sent}).
 *
 * @since 0.1.0
 * @category suites
 */
export const mailerSuite = <E>(name: string, layer: Layer.Layer<Mailer.Mailer, E>, capabilities: Capabilities = {}, options: Properties.SuiteOptions = {}): void => {
  const parameters = Properties.parameters<unknown>(20, options)
  const testTimeout = options.testTimeout ?? 30_000
  const honours = capabilities.honoursDeliveryKeys ?? true
  const inspectable = capabilities.inspectable ?? false
  const deliveries = (key: string) =>
    Effect.flatMap(Effect.serviceOption(Sent), (sent) => {
      if (Option.isNone(sent)) return Effect.die(new Error("the mailer was declared inspectable, but its layer does not provide MailerSuite.Sent"))
      return Effect.map(sent.value.sent, (all) => all.filter((d) => d.deliveryKey === key))
    })

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`Mailer conformance (${name})`, (it) => {
    it.effect("every mail is accepted with a receipt: a provider id and the instant of acceptance", () =>
      forAll(mail, parameters, (m) =>
        Effect.gen(function*() {
          const mailer = yield* Mailer.Mailer
          const receipt = yield* mailer.send(withKey(m))
          expect(typeof receipt.providerId === "string" && receipt.providerId.length > 0, "a provider id").toBe(true)
          expect(Number.isFinite(receipt.acceptedAt), "an instant of acceptance").toBe(true)
        })), Properties.timeout(parameters.numRuns ?? 20, 200))

    it.effect("different delivery keys are different messages", () =>
      Effect.gen(function*() {
        const mailer = yield* Mailer.Mailer
        const [m] = fc.sample(mail, { numRuns: 1, seed: 1 })
        const a = yield* mailer.send(withKey(m!))
        const b = yield* mailer.send(withKey(m!))
        expect(a.providerId).not.toBe(b.providerId)
      }), testTimeout)

    it.effect.runIf(honours)("a retry with the same delivery key answers the same provider id", () =>
      Effect.gen(function*() {
        const mailer = yield* Mailer.Mailer
        const [m] = fc.sample(mail, { numRuns: 1, seed: 2 })
        const keyed = withKey(m!)
        const first = yield* mailer.send(keyed)
        const retry = yield* mailer.send(keyed)
        expect(retry.providerId).toBe(first.providerId)
        if (inspectable) expect((yield* deliveries(keyed.deliveryKey)).length, "delivered once").toBe(1)
      }), testTimeout)

    it.effect.runIf(inspectable)("what the provider received is what was sent", () =>
      forAll(mail, parameters, (m) =>
        Effect.gen(function*() {
          const mailer = yield* Mailer.Mailer
          const keyed = withKey(m)
          yield* mailer.send(keyed)
          const [delivered] = yield* deliveries(keyed.deliveryKey)
          expect(delivered, "the provider received the mail").toBeDefined()
          expect(delivered!.to).toStrictEqual(keyed.to)
          expect(delivered!.subject).toBe(keyed.subject)
          expect(delivered!.text).toBe(keyed.text)
          expect((delivered!.attachments ?? []).map((a) => [a.name, a.mediaType, Array.from(a.bytes)])).toStrictEqual(
            (keyed.attachments ?? []).map((a) => [a.name, a.mediaType, Array.from(a.bytes)])
          )
        })), Properties.timeout(parameters.numRuns ?? 20, 200))
  })
}
