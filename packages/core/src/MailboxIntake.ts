/**
 * Intake from the mailbox: it consumes the `Mailbox` port's incoming submissions (e-mail, PEC,
 * fax-to-mail, already decoded by the adapter), submits each to the engine, and acknowledges
 * it to the mailbox only after intake stored it — so a crash in between makes the message
 * arrive again, and its idempotency key makes that harmless.
 *
 * - A submission intake cannot read (`InvalidInput`) is acknowledged as `quarantined`, for
 *   staff to look at in the mailbox; it never stops the loop.
 * - When the store fails, the message is left unacknowledged: the mailbox hands it over again.
 * - Logs carry no personal data: no address, name, subject or text, not even the Message-ID
 *   (which can contain an address) — only a digest of it, the channel, the ticket code and
 *   the paths of what was wrong.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Schedule, Stream } from "effect"
import * as AttachmentStore from "./AttachmentStore.ts"
import { Engine } from "./Engine.ts"
import type * as Inbound from "./Inbound.ts"
import { Mailbox } from "./Mailbox.ts"
import type { StorageError } from "./StorageError.ts"

/**
 * What became of one message:
 * - `stored`: a new ticket;
 * - `duplicate`: the message had already been received (same idempotency key);
 * - `quarantined`: intake could not read it; acknowledged as quarantined;
 * - `deferred`: the store failed; not acknowledged, it will come again.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = "stored" | "duplicate" | "quarantined" | "deferred"

/**
 * How many messages had each outcome since the intake started.
 *
 * @since 0.1.0
 * @category models
 */
export type Status = { readonly [K in Outcome]: number }

/**
 * The mailbox intake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Takes one submission in (what the layer does for each incoming message). */
  readonly handle: (submission: Inbound.Submission) => Effect.Effect<Outcome>
  readonly status: Effect.Effect<Status>
}

/**
 * The mailbox intake service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class MailboxIntake extends Context.Service<MailboxIntake, Service>()("@sportello/core/MailboxIntake") {}

/**
 * A short digest of an idempotency key, to tell messages apart in logs without writing the key.
 *
 * @since 0.1.0
 * @category logging
 */
export const keyDigest = (key: string): Effect.Effect<string> =>
  Effect.map(AttachmentStore.checksum(new TextEncoder().encode(key)), (sum) => sum.slice("sha256:".length, "sha256:".length + 16))

/**
 * Makes the mailbox intake on the engine and the mailbox.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*() {
  const engine = yield* Engine
  const mailbox = yield* Mailbox
  const counts = yield* Ref.make<Status>({ stored: 0, duplicate: 0, quarantined: 0, deferred: 0 })

  const acknowledge = (key: string, disposition: "stored" | "quarantined", ref: string) =>
    mailbox.acknowledge(key, disposition).pipe(
      Effect.as(true),
      // the message comes again and is recognised by its key
      Effect.catchTag("StorageError", (e) =>
        Effect.as(Effect.logWarning("mailbox acknowledgement failed").pipe(Effect.annotateLogs({ ref, reason: e.reason })), false))
    )

  const handle = Effect.fn("MailboxIntake.handle")(function*(submission: Inbound.Submission) {
    const key = typeof submission.idempotencyKey === "string" ? submission.idempotencyKey : ""
    const ref = yield* keyDigest(key)
    const channel = typeof submission.channel === "string" ? submission.channel.slice(0, 40) : "?"
    const result = yield* Effect.result(engine.submit(submission))
    let outcome: Outcome
    if (result._tag === "Success") {
      outcome = result.success.duplicate ? "duplicate" : "stored"
      const acknowledged = yield* acknowledge(key, "stored", ref)
      yield* Effect.logInfo(result.success.duplicate ? "mail already received" : "mail received").pipe(
        Effect.annotateLogs({ ref, channel, code: result.success.code, acknowledged })
      )
    } else if (result.failure._tag === "InvalidInput") {
      outcome = "quarantined"
      const acknowledged = yield* acknowledge(key, "quarantined", ref)
      // the paths of the problems, never their messages: those can quote the input
      yield* Effect.logWarning("mail quarantined: intake cannot read it").pipe(
        Effect.annotateLogs({ ref, channel, problems: [...new Set(result.failure.issues.map((i) => i.path.join(".") || "(message)"))].join(", "), acknowledged })
      )
    } else {
      outcome = "deferred"
      yield* Effect.logError("mail not stored: it will be handed over again").pipe(
        Effect.annotateLogs({ ref, channel, reason: (result.failure as StorageError).reason })
      )
    }
    yield* Ref.update(counts, (c) => ({ ...c, [outcome]: c[outcome] + 1 }))
    return outcome
  })

  return MailboxIntake.of({ handle, status: Ref.get(counts) })
})

/**
 * Consumes the mailbox's incoming submissions, one at a time, until interrupted or until the
 * mailbox fails.
 *
 * @since 0.1.0
 * @category operations
 */
export const run: Effect.Effect<void, StorageError, MailboxIntake | Mailbox> = Effect.gen(function*() {
  const intake = yield* MailboxIntake
  const mailbox = yield* Mailbox
  yield* Stream.runForEach(mailbox.incoming, intake.handle)
})

/**
 * The mailbox intake as a layer: it consumes the mailbox for as long as the layer lives; when
 * the mailbox fails (the server is unreachable), it starts again after a pause that grows from
 * one second to one minute.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<MailboxIntake, never, Engine | Mailbox> = Layer.effect(
  MailboxIntake,
  Effect.gen(function*() {
    const intake = yield* make()
    const mailbox = yield* Mailbox
    const loop = run.pipe(
      Effect.tapError((e) => Effect.logWarning("mailbox unavailable").pipe(Effect.annotateLogs({ reason: e.reason }))),
      Effect.retry(Schedule.min([Schedule.exponential("1 second"), Schedule.spaced("1 minute")])),
      Effect.provideService(MailboxIntake, intake),
      Effect.provideService(Mailbox, mailbox)
    )
    yield* Effect.forkScoped(loop)
    return intake
  })
)
