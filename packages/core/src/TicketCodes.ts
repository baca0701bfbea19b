/**
 * Where new ticket codes come from: by default a cryptographic source (B7); tests use a
 * seeded, reproducible one.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import * as TicketCode from "./TicketCode.ts"

/**
 * The ticket-code source port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly next: Effect.Effect<TicketCode.TicketCode>
}

/**
 * The ticket-code source service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class TicketCodes extends Context.Service<TicketCodes, Service>()("@sportello/core/TicketCodes") {}

/**
 * Codes from the platform's cryptographic random source.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TicketCodes> = Layer.succeed(TicketCodes, { next: TicketCode.generate })

/**
 * Reproducible codes from a seed (a small xorshift generator): for tests and simulations
 * only — such codes can be guessed.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSeeded = (seed: number): Layer.Layer<TicketCodes> =>
  Layer.sync(TicketCodes, () => {
    let state = seed >>> 0 || 0x9e3779b9
    const fill = (buffer: Uint8Array) => {
      for (let i = 0; i < buffer.length; i++) {
        state ^= state << 13
        state ^= state >>> 17
        state ^= state << 5
        state >>>= 0
        buffer[i] = state & 0xff
      }
    }
    return { next: Effect.sync(() => TicketCode.fromRandomBytes(fill)) }
  })
