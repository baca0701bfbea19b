/**
 * Retention (R23, B9): a configurable period after a ticket closed, its personal data is
 * erased. The stored history is replaced by its redaction (`Redaction.redact`: the same facts,
 * no name, contact point, text or attachment name), a `PersonalDataErased` event is appended
 * in the same write (`TicketStore.redact`), and the attachments' bytes are deleted from the
 * attachment store. Every statistic stays what it was: the facts it is computed from are kept.
 *
 * Running it again is harmless: an erased ticket is never selected again. Several engine
 * processes can run it at once: a ticket changed under one of them is a version conflict,
 * and the erasure is decided again on the new history.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Option } from "effect"
import { Engine } from "./Engine.ts"
import * as Redaction from "./Redaction.ts"
import { TicketStore } from "./TicketStore.ts"

/**
 * How long personal data is kept after a ticket closed by default: 730 days, about two years.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultPeriod: Duration.Duration = Duration.days(730)

/**
 * Options of a run: the retention period after closing (default {@link defaultPeriod}) and
 * how many tickets to erase at most (default 100; run it again for the rest).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly after?: Duration.Input
  readonly limit?: number
}

/**
 * What a run did: tickets erased, tickets looked at and left alone (closed again more
 * recently, or changed meanwhile), and attachments whose bytes were deleted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Erased {
  readonly erased: number
  readonly skipped: number
  readonly attachmentsReleased: number
}

const system = { _tag: "System", component: "retention" } as const

/**
 * Erases the personal data of tickets closed longer than the period ago (at most `limit`).
 *
 * The ticket releases its attachments: bytes another ticket also holds stay until that
 * ticket lets them go too (the attachment store counts owners).
 *
 * @since 0.1.0
 * @category operations
 */
export const runDue = Effect.fn("Retention.runDue")(function*(options: Options = {}) {
  const engine = yield* Engine
  const store = yield* TicketStore
  const now = yield* Clock.currentTimeMillis
  const cutoff = now - Duration.toMillis(Duration.fromInputUnsafe(options.after ?? defaultPeriod))
  const codes = yield* store.closedBefore(cutoff, options.limit ?? 100)

  // the store selects by the last closing; the decider refuses what is not closed or already erased
  let erased = 0
  let skipped = 0
  const released = new Set<string>()
  for (const code of codes) {
    const history = yield* store.load(code)
    const checksums = Option.isSome(history) ? Redaction.checksums(history.value.events) : []
    const done = yield* engine.act(code, { _tag: "ErasePersonalData", by: system }).pipe(
      Effect.as(true),
      Effect.catchTags({ TicketRefused: () => Effect.succeed(false), TicketNotFound: () => Effect.succeed(false), VersionConflict: () => Effect.succeed(false) })
    )
    if (done) {
      erased++
      for (const checksum of checksums) released.add(checksum)
    } else skipped++
  }
  const attachmentsReleased = released.size
  yield* Effect.logInfo("retention run").pipe(Effect.annotateLogs({ erased, skipped, attachmentsReleased }))
  return { erased, skipped, attachmentsReleased } satisfies Erased as Erased
})
