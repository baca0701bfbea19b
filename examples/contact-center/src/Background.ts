/**
 * The engine's background work, as in production: every few seconds fire the deadline timers
 * (warnings before a breach, breaches, closing tickets whose documents never came) and
 * deliver the outbox through the channel ports.
 */
import { type Engine, type Outbox, Relay, type TicketStore, Timers } from "@sportello/core"
import { Cause, Duration, Effect, Layer, Schedule } from "effect"

/** One round: timers first, so that their warnings leave in the same round. */
const round = Effect.gen(function*() {
  const fired = yield* Timers.runDue()
  const delivered = yield* Relay.deliverDue()
  return { fired, delivered }
})

/** The loop, forked for the lifetime of the layer. A failed round is logged (without personal data) and the next one runs. */
export const layer = (
  interval: Duration.Input
): Layer.Layer<never, never, Engine.Engine | TicketStore.TicketStore | Outbox.Outbox> =>
  Layer.effectDiscard(
    round.pipe(
      Effect.catchCause((cause) => Effect.logWarning(`background round failed: ${Cause.squash(cause) instanceof Error ? (Cause.squash(cause) as Error).name : "defect"}`)),
      Effect.repeat(Schedule.spaced(interval)),
      Effect.forkScoped
    )
  )
