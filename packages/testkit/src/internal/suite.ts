/**
 * What the conformance suites share: running a fast-check property inside an Effect test with
 * the suite's services, fresh identifiers that no other test (or earlier run against a
 * persistent store) can hold, private time windows for the global queries (due timers,
 * claimable messages, closed tickets), and commits built from decider histories.
 *
 * @internal
 */
import {
  Decider,
  type Outbox,
  Projection,
  Ticket,
  TicketCode,
  type TicketCommand,
  type TicketEvent,
  type TicketStore
} from "@sportello/core"
import { Effect } from "effect"
import type * as fc from "fast-check"
import * as fcRuntime from "fast-check"
import { departmentEnvironment, replay, type Step } from "../Arbitraries.ts"
import { DAY, MINUTE } from "./time.ts"

/**
 * Runs a property whose body is an Effect needing the suite's services: every run (and every
 * shrink) gets the same services, so the body must use fresh identifiers.
 */
export const forAll = <A, E, R>(
  arbitrary: fc.Arbitrary<A>,
  parameters: fc.Parameters<unknown>,
  body: (value: A) => Effect.Effect<void, E, R>
): Effect.Effect<void, never, R> =>
  Effect.flatMap(Effect.context<R>(), (context) =>
    Effect.promise(() =>
      fcRuntime.assert(
        fcRuntime.asyncProperty(arbitrary, (value) => Effect.runPromise(body(value).pipe(Effect.orDie, Effect.provideContext(context)))),
        parameters as fc.Parameters<[A]>
      )
    ))

/** A random identifier from the platform's cryptographic source (never from fast-check's seed). */
export const freshId = (prefix: string): string => `${prefix}-${globalThis.crypto.randomUUID()}`

/** A fresh ticket code from the platform's cryptographic source. */
export const freshCode = (): TicketCode.TicketCode => TicketCode.fromRandomBytes((b) => globalThis.crypto.getRandomValues(b))

/**
 * A private window of time for queries that return everything due at `now`: a random whole
 * minute between 1971 and 2000, long before any real ticket, message or timer, so a test sees
 * only what it put there (and, after a failed run, what that run left behind).
 */
export const privateWindow = (): number => {
  const span = Date.UTC(2000, 0, 1) - Date.UTC(1971, 0, 1) - 30 * DAY
  const r = globalThis.crypto.getRandomValues(new Uint32Array(2))
  const fraction = (r[0]! * 2 ** 21 + (r[1]! >>> 11)) / 2 ** 53
  return Date.UTC(1971, 0, 1) + Math.floor((fraction * span) / MINUTE) * MINUTE
}

/** A `Receive` command with a fresh code and, when it had one, a fresh idempotency key. */
export const withFreshIds = (command: TicketCommand.Of<"Receive">): TicketCommand.Of<"Receive"> => ({
  ...command,
  code: freshCode(),
  ...(command.idempotencyKey === undefined ? {} : { idempotencyKey: freshId(command.channel) })
})

/** The commits a store receives for a history's batches, one per accepted command. */
export const commitsOf = (
  batches: ReadonlyArray<ReadonlyArray<TicketEvent.TicketEvent>>,
  env: Ticket.Environment = departmentEnvironment,
  options: { readonly outbox?: (index: number, state: Ticket.Ticket) => ReadonlyArray<Outbox.Message> } = {}
): Array<TicketStore.Commit> => {
  let state: Ticket.State = Ticket.unreceived
  let version = 0
  return batches.map((events, index) => {
    const expectedVersion = version
    state = Decider.fold(events, state)
    version += events.length
    if (state._tag !== "Ticket") throw new Error("a history must start with Received")
    const received = events[0]?._tag === "Received" ? events[0] : undefined
    return {
      code: state.code,
      expectedVersion,
      events,
      projection: Projection.project(state, env),
      outbox: options.outbox?.(index, state) ?? [],
      ...(received?.idempotencyKey === undefined ? {} : { idempotencyKey: { channel: received.channel, key: received.idempotencyKey } })
    }
  })
}

/** A history from a `Receive` and steps, with fresh identifiers, as commits. */
export const freshHistory = (
  receive: TicketCommand.Of<"Receive">,
  receivedAt: number,
  steps: ReadonlyArray<Step>,
  env: Ticket.Environment = departmentEnvironment
) => {
  const command = withFreshIds(receive)
  const { batches, state } = replay(command, receivedAt, steps, env)
  return { code: command.code, batches, state, events: batches.flat(), commits: commitsOf(batches, env) }
}

/** An outbox message with fresh id and delivery key. */
export const message = (options: {
  readonly createdAt: number
  readonly code?: string
  readonly purpose?: Outbox.Purpose
  readonly deliveryKey?: string
}): Outbox.Message => ({
  id: freshId("msg"),
  deliveryKey: options.deliveryKey ?? freshId("delivery"),
  ...(options.code === undefined ? {} : { code: options.code }),
  purpose: options.purpose ?? "acknowledgement",
  to: { _tag: "Email", address: "maria.rossi@example.it" },
  language: "it",
  subject: "Presa in carico della sua richiesta",
  body: "Gentile Maria Rossi,\nabbiamo ricevuto la sua richiesta. «Città», perché — 🌋\nQuesto non è un servizio di emergenza: chiami il 112.",
  createdAt: options.createdAt
})
