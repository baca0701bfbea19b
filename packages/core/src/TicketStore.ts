/**
 * The ticket store port: the append-only histories of tickets with optimistic concurrency,
 * the idempotency keys of intake, and the projections kept beside them (public status,
 * worklists, statistics facts, timers) — all written in one step per command, together with
 * the outbox messages the command produced.
 *
 * The in-memory layer is the executable specification; `@sportello/testkit` has the
 * conformance suite every adapter runs.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import * as Outbox from "./Outbox.ts"
import type * as Projection from "./Projection.ts"
import * as Statistics from "./Statistics.ts"
import type * as StatusView from "./StatusView.ts"
import type { StorageError } from "./StorageError.ts"
import type { TicketCode } from "./TicketCode.ts"
import type { TicketEvent } from "./TicketEvent.ts"

/**
 * Someone else changed the ticket since it was loaded: load it again and decide again.
 * Never a lost update.
 *
 * @since 0.1.0
 * @category errors
 */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  code: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number,
  message: Schema.String
}) {}

/**
 * The idempotency key of this commit already belongs to a ticket: the request was already
 * received, and `code` is its ticket.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeyTaken extends Schema.TaggedError<IdempotencyKeyTaken>()("IdempotencyKeyTaken", {
  channel: Schema.String,
  key: Schema.String,
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * What one command writes: its events after `expectedVersion` (0 for a new ticket), the
 * ticket's projection after them, the messages to send, and — at intake — the idempotency key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Commit {
  readonly code: TicketCode
  readonly expectedVersion: number
  readonly events: ReadonlyArray<TicketEvent>
  readonly projection: Projection.Projection
  readonly outbox: ReadonlyArray<Outbox.Message>
  readonly idempotencyKey?: { readonly channel: string; readonly key: string }
}

/**
 * A ticket's history as stored.
 *
 * @since 0.1.0
 * @category models
 */
export interface History {
  readonly code: TicketCode
  readonly version: number
  readonly events: ReadonlyArray<TicketEvent>
}

/**
 * Filters of a worklist; entries come in order of due date (urgent first, undated last).
 *
 * @since 0.1.0
 * @category models
 */
export interface WorklistQuery {
  readonly queue?: string
  /** An office's work: tickets in its queue or waiting for its reply. */
  readonly office?: string
  readonly assignee?: string
  readonly status?: "open" | "suspended"
  readonly topic?: string
  readonly limit?: number
}

/**
 * Options of a statistics query: the report options, and optionally a range of local dates
 * of receipt ("YYYY-MM-DD", inclusive).
 *
 * @since 0.1.0
 * @category models
 */
export interface StatisticsQuery extends Statistics.Options {
  readonly from?: string
  readonly to?: string
}

/**
 * The ticket store port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Writes a commit atomically, or fails without writing anything. */
  readonly append: (commit: Commit) => Effect.Effect<void, VersionConflict | IdempotencyKeyTaken | StorageError>
  /** A ticket's whole history, in order. */
  readonly load: (code: TicketCode) => Effect.Effect<Option.Option<History>, StorageError>
  /** The ticket an idempotency key belongs to. */
  readonly findByIdempotencyKey: (channel: string, key: string) => Effect.Effect<Option.Option<TicketCode>, StorageError>
  /** The public status of a ticket. */
  readonly status: (code: TicketCode) => Effect.Effect<Option.Option<StatusView.View>, StorageError>
  /** Open and suspended tickets. */
  readonly worklist: (query: WorklistQuery) => Effect.Effect<ReadonlyArray<Projection.WorklistEntry>, StorageError>
  /** Statistics reports built from the stored facts. */
  readonly statistics: (query: StatisticsQuery) => Effect.Effect<ReadonlyArray<Statistics.Report>, StorageError>
  /**
   * Claims up to `limit` unfired timers due at `now`, earliest due first, for `leaseMs`: no
   * other claim gets them until the lease runs out or they are completed.
   */
  readonly claimTimers: (options: { readonly now: number; readonly limit: number; readonly leaseMs: number }) => Effect.Effect<
    ReadonlyArray<Projection.Timer>,
    StorageError
  >
  /** Marks a timer fired: it never comes back, even if a later projection lists it again. */
  readonly completeTimer: (key: string) => Effect.Effect<void, StorageError>
  /**
   * Tickets closed before an instant whose personal data is not yet erased (retention, B9),
   * the longest closed first.
   */
  readonly closedBefore: (instant: number, limit: number) => Effect.Effect<ReadonlyArray<TicketCode>, StorageError>
  /**
   * Replaces a ticket's history with a redacted one of the same length plus new events (the
   * erasure of personal data, R23/B9): the only write that changes stored events.
   */
  readonly redact: (commit: Commit & { readonly redacted: ReadonlyArray<TicketEvent> }) => Effect.Effect<void, VersionConflict | StorageError>
}

/**
 * The ticket store service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class TicketStore extends Context.Service<TicketStore, Service>()("@sportello/core/TicketStore") {}

interface MemoryTicket {
  events: Array<TicketEvent>
  projection: Projection.Projection
  erased: boolean
}

const conflict = (code: string, expected: number, actual: number) =>
  new VersionConflict({
    code,
    expected,
    actual,
    message: `ticket ${code} is at version ${actual}, not ${expected}: it changed since it was loaded`
  })

const byDue = (a: Projection.WorklistEntry, b: Projection.WorklistEntry): number =>
  Number(b.urgent) - Number(a.urgent) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.receivedAt - b.receivedAt

/**
 * A ticket store and its outbox over in-memory state: the executable specification of both
 * ports. Commits are atomic (a JavaScript turn is never interrupted).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (outboxState: Outbox.MemoryState = Outbox.makeMemoryState()): Service => {
  const tickets = new Map<string, MemoryTicket>()
  const keys = new Map<string, TicketCode>()
  const timers = new Map<string, { timer: Projection.Timer; fired: boolean; claimedUntil: number }>()
  const keyOf = (channel: string, key: string) => `${channel}\u0000${key}`
  const replaceTimers = (code: string, next: ReadonlyArray<Projection.Timer>) => {
    for (const [key, t] of timers) if (t.timer.code === code && !t.fired) timers.delete(key)
    for (const timer of next) if (!timers.has(timer.key)) timers.set(timer.key, { timer, fired: false, claimedUntil: -Infinity })
  }
  const check = (commit: Commit): VersionConflict | IdempotencyKeyTaken | undefined => {
    const current = tickets.get(commit.code)
    const actual = current?.events.length ?? 0
    if (actual !== commit.expectedVersion) return conflict(commit.code, commit.expectedVersion, actual)
    if (commit.idempotencyKey !== undefined) {
      const owner = keys.get(keyOf(commit.idempotencyKey.channel, commit.idempotencyKey.key))
      if (owner !== undefined) {
        return new IdempotencyKeyTaken({
          ...commit.idempotencyKey,
          code: owner,
          message: `the request with key "${commit.idempotencyKey.key}" on channel ${commit.idempotencyKey.channel} is already ticket ${owner}`
        })
      }
    }
    return undefined
  }
  return {
    append: (commit) =>
      Effect.suspend(() => {
        const error = check(commit)
        if (error !== undefined) return Effect.fail(error)
        const current = tickets.get(commit.code)
        const events = [...(current?.events ?? []), ...commit.events]
        tickets.set(commit.code, { events, projection: commit.projection, erased: current?.erased ?? false })
        if (commit.idempotencyKey !== undefined) keys.set(keyOf(commit.idempotencyKey.channel, commit.idempotencyKey.key), commit.code)
        replaceTimers(commit.code, commit.projection.timers)
        recordOutbox(outboxState, commit.outbox)
        return Effect.void
      }),
    load: (code) =>
      Effect.sync(() => {
        const t = tickets.get(code)
        return t === undefined ? Option.none() : Option.some({ code, version: t.events.length, events: [...t.events] })
      }),
    findByIdempotencyKey: (channel, key) => Effect.sync(() => Option.fromNullishOr(keys.get(keyOf(channel, key)))),
    status: (code) => Effect.sync(() => Option.fromNullishOr(tickets.get(code)?.projection.status)),
    worklist: (query) =>
      Effect.sync(() =>
        [...tickets.values()]
          .flatMap((t) => (t.projection.worklist === undefined ? [] : [t.projection.worklist]))
          .filter((w) =>
            (query.queue === undefined || w.queue === query.queue) &&
            (query.office === undefined || w.queue === query.office || w.consulting.includes(query.office)) &&
            (query.assignee === undefined || w.assignee === query.assignee) &&
            (query.status === undefined || w.status === query.status) &&
            (query.topic === undefined || w.topic === query.topic)
          )
          .sort(byDue)
          .slice(0, query.limit ?? Infinity)
      ),
    statistics: (query) =>
      Effect.sync(() =>
        Statistics.fromFacts(
          [...tickets.values()]
            .map((t) => t.projection.fact)
            .filter((f) => (query.from === undefined || f.receivedOn >= query.from) && (query.to === undefined || f.receivedOn <= query.to)),
          query
        )
      ),
    claimTimers: ({ now, limit, leaseMs }) =>
      Effect.sync(() => {
        const due = [...timers.values()]
          .filter((t) => !t.fired && t.timer.dueAt <= now && t.claimedUntil <= now)
          .sort((a, b) => a.timer.dueAt - b.timer.dueAt)
          .slice(0, limit)
        for (const t of due) t.claimedUntil = now + leaseMs
        return due.map((t) => t.timer)
      }),
    completeTimer: (key) =>
      Effect.sync(() => {
        const t = timers.get(key)
        if (t !== undefined) t.fired = true
      }),
    closedBefore: (instant, limit) =>
      Effect.sync(() =>
        [...tickets.entries()]
          .filter(([, t]) => !t.erased && (t.projection.fact.closedAt ?? Infinity) < instant)
          .sort(([, a], [, b]) => a.projection.fact.closedAt! - b.projection.fact.closedAt!)
          .slice(0, limit)
          .map(([code]) => code as TicketCode)
      ),
    redact: (commit) =>
      Effect.suspend(() => {
        const current = tickets.get(commit.code)
        const actual = current?.events.length ?? 0
        if (current === undefined || actual !== commit.expectedVersion || commit.redacted.length !== actual) {
          return Effect.fail(conflict(commit.code, commit.expectedVersion, actual))
        }
        tickets.set(commit.code, { events: [...commit.redacted, ...commit.events], projection: commit.projection, erased: true })
        replaceTimers(commit.code, commit.projection.timers)
        recordOutbox(outboxState, commit.outbox)
        return Effect.void
      })
  }
}

const recordOutbox = (state: Outbox.MemoryState, messages: ReadonlyArray<Outbox.Message>) => Outbox.recordInMemory(state, messages)

/**
 * An in-memory ticket store together with the outbox its commits write to.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<TicketStore | Outbox.Outbox> = Layer.effectContext(
  Effect.sync(() => {
    const outboxState = Outbox.makeMemoryState()
    return Context.make(TicketStore, makeMemory(outboxState)).pipe(Context.add(Outbox.Outbox, Outbox.makeMemory(outboxState)))
  })
)
