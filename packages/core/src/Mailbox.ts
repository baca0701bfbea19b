/**
 * The inbound mail port: requests that arrive by e-mail, PEC or fax-to-mail, already decoded
 * into submissions by the adapter (MIME parsing, PEC envelope unwrapping), each with an
 * idempotency key. A message is acknowledged to the mailbox only after intake stored it, so
 * a crash in between makes it arrive again — and the key makes that harmless.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Queue, Stream } from "effect"
import type * as Inbound from "./Inbound.ts"
import type { StorageError } from "./StorageError.ts"

/**
 * The inbound mail port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** New messages as submissions, in order of arrival. */
  readonly incoming: Stream.Stream<Inbound.Submission, StorageError>
  /** Tells the mailbox a message is safely stored (e.g. moves it to a "processed" folder). */
  readonly acknowledge: (idempotencyKey: string) => Effect.Effect<void, StorageError>
}

/**
 * The inbound mail service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class Mailbox extends Context.Service<Mailbox, Service>()("@sportello/core/Mailbox") {}

/**
 * An in-memory mailbox: `deliver` puts a submission in it; `acknowledged` lists the keys
 * acknowledged so far.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<
  Service & { readonly deliver: (submission: Inbound.Submission) => Effect.Effect<void>; readonly acknowledged: () => ReadonlyArray<string> }
> = Effect.gen(function*() {
  const queue = yield* Queue.unbounded<Inbound.Submission>()
  const acknowledged: Array<string> = []
  return {
    incoming: Stream.fromQueue(queue),
    acknowledge: (key: string) => Effect.sync(() => void acknowledged.push(key)),
    deliver: (submission: Inbound.Submission) => Effect.asVoid(Queue.offer(queue, submission)),
    acknowledged: () => [...acknowledged]
  }
})

/**
 * An in-memory mailbox layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Mailbox> = Layer.effect(Mailbox, makeMemory)
