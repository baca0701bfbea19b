/**
 * The inbound mail port: requests that arrive by e-mail, PEC or fax-to-mail, already decoded
 * into submissions by the adapter (MIME parsing, PEC envelope unwrapping), each with an
 * idempotency key. A message is acknowledged to the mailbox only after intake stored it, so
 * a crash in between makes it arrive again — and the key makes that harmless. A message that
 * intake cannot read is acknowledged as quarantined, for a person to look at, so it does not
 * come back forever.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Queue, Stream } from "effect"
import type * as Inbound from "./Inbound.ts"
import type { StorageError } from "./StorageError.ts"

/**
 * What became of an acknowledged message: `stored` as a ticket (or found to be one already),
 * or `quarantined` because intake could not read it.
 *
 * @since 0.1.0
 * @category models
 */
export type Disposition = "stored" | "quarantined"

/**
 * The inbound mail port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** New messages as submissions, in order of arrival. */
  readonly incoming: Stream.Stream<Inbound.Submission, StorageError>
  /**
   * Tells the mailbox a message is done with: safely stored (e.g. move it to a "processed"
   * folder) or quarantined (e.g. move it to a "quarantine" folder for staff). Adapters that
   * make no difference may ignore the disposition; absent, it means `stored`.
   */
  readonly acknowledge: (idempotencyKey: string, disposition?: Disposition) => Effect.Effect<void, StorageError>
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
 * acknowledged so far, `quarantined` those acknowledged as quarantined.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<
  Service & {
    readonly deliver: (submission: Inbound.Submission) => Effect.Effect<void>
    readonly acknowledged: () => ReadonlyArray<string>
    readonly quarantined: () => ReadonlyArray<string>
  }
> = Effect.gen(function*() {
  const queue = yield* Queue.unbounded<Inbound.Submission>()
  const acknowledged: Array<{ readonly key: string; readonly disposition: Disposition }> = []
  return {
    incoming: Stream.fromQueue(queue),
    acknowledge: (key: string, disposition: Disposition = "stored") => Effect.sync(() => void acknowledged.push({ key, disposition })),
    deliver: (submission: Inbound.Submission) => Effect.asVoid(Queue.offer(queue, submission)),
    acknowledged: () => acknowledged.map((a) => a.key),
    quarantined: () => acknowledged.filter((a) => a.disposition === "quarantined").map((a) => a.key)
  }
})

/**
 * An in-memory mailbox layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Mailbox> = Layer.effect(Mailbox, makeMemory)
