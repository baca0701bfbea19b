/**
 * The conformance suite of the `SmsGateway` port (SMS out and delivery reports).
 *
 * ```ts no-run
 * import { SmsGatewaySuite } from "@sportello/testkit"
 * SmsGatewaySuite.smsGatewaySuite("smpp", Layer.merge(mySmppGateway, mySimulatorAsSent), { inspectable: true })
 * ```
 *
 * The gateway is reached through the `SmsGateway` tag only; what the provider received is
 * observed through {@link Sent} when the harness provides it. Numbers are from Ofcom's drama
 * range (+44 20 7946 0xxx) or look Italian; keys are fresh.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { SmsGateway } from "@sportello/core"
import { Context, Effect, type Layer, Option, Stream } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import { forAll, freshId } from "./internal/suite.ts"
import * as Properties from "./Properties.ts"

/**
 * The test harness's view of what the provider received.
 *
 * @since 0.1.0
 * @category harness
 */
export class Sent extends Context.Service<Sent, { readonly sent: Effect.Effect<ReadonlyArray<SmsGateway.Sms>> }>()("@sportello/testkit/SmsGatewaySuite/Sent") {}

/**
 * What a gateway can do; tests that need an undeclared capability are skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /** A retry with the same delivery key is not delivered again (default `true`). */
  readonly honoursDeliveryKeys?: boolean
  /** Delivery reports arrive on `reports` for every accepted message (default `true`). */
  readonly deliveryReports?: boolean
  /** The layer also provides {@link Sent} (default `false`). */
  readonly inspectable?: boolean
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""))

/**
 * SMS worth sending: E.164 numbers, plain GSM texts, texts that need UCS-2 (accents beyond
 * GSM, emoji), and texts longer than one SMS.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const sms: fc.Arbitrary<Omit<SmsGateway.Sms, "deliveryKey">> = fc.record({
  to: fc.oneof(digits(3).map((d) => `+44207946${d.padStart(4, "0")}`), digits(7).map((d) => `+39333${d}`)),
  text: fc.oneof(
    fc.constantFrom(
      "Protezione Civile: la sua richiesta 7KQ-M4X-9PT-2RW-HHC e' stata presa in carico.",
      "Allerta meteo arancione domani in Umbria: evitate i sottopassi. Info: protezionecivile.gov.it",
      "Città, perché — «sì» 🌋 aggiornamento sulla pratica",
      "Dipartimento della Protezione Civile. ".repeat(8).trim()
    ),
    fc.string({ minLength: 1, maxLength: 400 })
  )
})

/**
 * Registers the conformance tests of an `SmsGateway`:
 * - every SMS (GSM or UCS-2 text, one or several parts) is accepted with a receipt;
 * - different delivery keys are different messages; a retry with the same key answers the
 *   same provider id and is delivered once (where the provider honours keys);
 * - a delivery report with the receipt's provider id arrives on `reports`;
 * - what the provider received is what was sent (with {@link Sent}).
 *
 * @since 0.1.0
 * @category suites
 */
export const smsGatewaySuite = <E>(
  name: string,
  layer: Layer.Layer<SmsGateway.SmsGateway, E>,
  capabilities: Capabilities = {},
  options: Properties.SuiteOptions = {}
): void => {
  const parameters = Properties.parameters<unknown>(20, options)
  const testTimeout = options.testTimeout ?? 30_000
  const inspectable = capabilities.inspectable ?? false
  const delivered = (key: string) =>
    Effect.flatMap(Effect.serviceOption(Sent), (sent) => {
      if (Option.isNone(sent)) return Effect.die(new Error("the gateway was declared inspectable, but its layer does not provide SmsGatewaySuite.Sent"))
      return Effect.map(sent.value.sent, (all) => all.filter((s) => s.deliveryKey === key))
    })

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`SmsGateway conformance (${name})`, (it) => {
    it.effect("every SMS is accepted with a receipt", () =>
      forAll(sms, parameters, (s) =>
        Effect.gen(function*() {
          const gateway = yield* SmsGateway.SmsGateway
          const receipt = yield* gateway.send({ ...s, deliveryKey: freshId("sms") })
          expect(receipt.providerId.length).toBeGreaterThan(0)
          expect(Number.isFinite(receipt.acceptedAt)).toBe(true)
        })), Properties.timeout(parameters.numRuns ?? 20, 200))

    it.effect("different delivery keys are different messages; a retry with the same key is the same message", () =>
      Effect.gen(function*() {
        const gateway = yield* SmsGateway.SmsGateway
        const message = { to: "+442079460123", text: "Protezione Civile: richiesta presa in carico." }
        const key = freshId("sms")
        const a = yield* gateway.send({ ...message, deliveryKey: key })
        const b = yield* gateway.send({ ...message, deliveryKey: freshId("sms") })
        expect(a.providerId).not.toBe(b.providerId)
        if (capabilities.honoursDeliveryKeys ?? true) {
          expect((yield* gateway.send({ ...message, deliveryKey: key })).providerId).toBe(a.providerId)
          if (inspectable) expect((yield* delivered(key)).length, "delivered once").toBe(1)
        }
      }), testTimeout)

    it.effect.runIf(capabilities.deliveryReports ?? true)("a delivery report with the receipt's provider id arrives", () =>
      Effect.gen(function*() {
        const gateway = yield* SmsGateway.SmsGateway
        const receipt = yield* gateway.send({ to: "+442079460456", text: "Test di consegna", deliveryKey: freshId("sms") })
        const report = yield* gateway.reports.pipe(Stream.filter((r) => r.providerId === receipt.providerId), Stream.runHead)
        expect(Option.isSome(report)).toBe(true)
        if (Option.isSome(report)) {
          expect(["delivered", "failed", "expired", "rejected"]).toContain(report.value.status)
          expect(Number.isFinite(report.value.at)).toBe(true)
        }
      }), testTimeout)

    it.effect.runIf(inspectable)("what the provider received is what was sent", () =>
      forAll(sms, parameters, (s) =>
        Effect.gen(function*() {
          const gateway = yield* SmsGateway.SmsGateway
          const keyed = { ...s, deliveryKey: freshId("sms") }
          yield* gateway.send(keyed)
          const [got] = yield* delivered(keyed.deliveryKey)
          expect(got && { to: got.to, text: got.text }).toStrictEqual({ to: keyed.to, text: keyed.text })
        })), Properties.timeout(parameters.numRuns ?? 20, 200))
  })
}
