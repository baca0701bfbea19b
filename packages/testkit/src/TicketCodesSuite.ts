/**
 * The conformance suite of the `TicketCodes` port: where new public ticket codes come from
 * (B7).
 *
 * ```ts no-run
 * import { TicketCodesSuite } from "@sportello/testkit"
 * TicketCodesSuite.ticketCodesSuite("hsm", myCodesLayer)
 * ```
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { TicketCode, TicketCodes } from "@sportello/core"
import { Effect, type Layer, Result, Schema } from "effect"
import { expect } from "vitest"
import type * as Properties from "./Properties.ts"

/**
 * What a code source can do; tests that need an undeclared capability are skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /**
   * Codes are drawn uniformly at random, so every symbol is about equally frequent (default
   * `true`; a source that hands out codes in sequence declares `false`).
   */
  readonly uniform?: boolean
}

const isCode = Schema.is(TicketCode.TicketCode)

/**
 * Registers the conformance tests of a `TicketCodes` source: every code is a valid
 * `TicketCode` in its canonical printed form that `TicketCode.parse` reads back; 2 000 codes
 * are pairwise different; and, for a uniform source, each of the 31 symbols is neither
 * missing nor dominant among them (a bound wide enough never to fail by chance).
 *
 * @since 0.1.0
 * @category suites
 */
export const ticketCodesSuite = <E>(
  name: string,
  layer: Layer.Layer<TicketCodes.TicketCodes, E>,
  capabilities: Capabilities = {},
  options: Pick<Properties.SuiteOptions, "testTimeout" | "layerTimeout"> = {}
): void => {
  const testTimeout = options.testTimeout ?? 30_000
  const draw = (n: number) =>
    Effect.gen(function*() {
      const codes = yield* TicketCodes.TicketCodes
      const out: Array<TicketCode.TicketCode> = []
      for (let i = 0; i < n; i++) out.push(yield* codes.next)
      return out
    })

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`TicketCodes conformance (${name})`, (it) => {
    it.effect("every code is valid, canonical, and reads back", () =>
      Effect.gen(function*() {
        for (const code of yield* draw(200)) {
          expect(isCode(code), `"${code}" is a ticket code`).toBe(true)
          expect(TicketCode.parse(code)).toStrictEqual(Result.succeed(code))
          expect(TicketCode.parse(TicketCode.compact(code).toLowerCase())).toStrictEqual(Result.succeed(code))
        }
      }), testTimeout)

    it.effect("codes do not repeat", () =>
      Effect.gen(function*() {
        const codes = yield* draw(2000)
        expect(new Set(codes).size).toBe(codes.length)
      }), testTimeout)

    it.effect.runIf(capabilities.uniform ?? true)("every symbol is about equally frequent", () =>
      Effect.gen(function*() {
        const codes = yield* draw(1000)
        const counts = new Map<string, number>([...TicketCode.alphabet].map((c) => [c, 0]))
        // the 14 random symbols of each code; the 15th is the check symbol
        for (const code of codes) for (const c of TicketCode.compact(code).slice(0, 14)) counts.set(c, counts.get(c)! + 1)
        // expected 14 000 / 31 ≈ 452 each, standard deviation ≈ 21: ±150 is seven deviations
        for (const [symbol, n] of counts) {
          expect(n, `symbol ${symbol} appears ${n} times in 1 000 codes`).toBeGreaterThan(300)
          expect(n, `symbol ${symbol} appears ${n} times in 1 000 codes`).toBeLessThan(600)
        }
      }), testTimeout)
  })
}
