/**
 * The transactional outbox: every message the Contact Center sends (acknowledgements,
 * answers, notices, warnings to staff, campaign messages) is recorded together with the
 * events that caused it, then delivered by a relay — at least once, with a delivery key so
 * that a retry never duplicates a delivery where the provider honours keys. A crash loses
 * nothing: a claimed message whose lease runs out is claimed again.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import * as Requester from "./Requester.ts"
import type { StorageError } from "./StorageError.ts"

/**
 * What a message is for.
 *
 * @since 0.1.0
 * @category models
 */
export const Purpose = Schema.Literals(["acknowledgement", "answer", "notice", "warning", "campaign"])

/**
 * @since 0.1.0
 * @category models
 */
export type Purpose = typeof Purpose.Type

/**
 * A message to deliver. `deliveryKey` is unique: the same key is never recorded twice, and
 * providers that honour idempotency keys receive it. `to` is a contact point of the requester
 * (e-mail, PEC, fax, post, phone for SMS) or of a member of staff.
 *
 * @since 0.1.0
 * @category models
 */
export const Message = Schema.Struct({
  id: Schema.NonEmptyString,
  deliveryKey: Schema.NonEmptyString,
  code: Schema.optionalKey(Schema.String),
  purpose: Purpose,
  to: Requester.ContactPoint,
  language: Schema.String,
  subject: Schema.String,
  body: Schema.String,
  createdAt: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export type Message = typeof Message.Type

/**
 * Where a message is in its delivery.
 *
 * @since 0.1.0
 * @category models
 */
export type State =
  | { readonly _tag: "Pending"; readonly attempts: number; readonly nextAttemptAt: number; readonly lastError?: string }
  | { readonly _tag: "Sent"; readonly attempts: number; readonly sentAt: number; readonly providerId?: string }
  | { readonly _tag: "DeadLetter"; readonly attempts: number; readonly failedAt: number; readonly lastError: string }

/**
 * A message with its delivery state.
 *
 * @since 0.1.0
 * @category models
 */
export interface Entry {
  readonly message: Message
  readonly state: State
}

/**
 * How failed deliveries are retried: exponential backoff from `baseDelay`, at most
 * `maxDelay`, and a dead letter after `maxAttempts`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly baseDelay: number
  readonly maxDelay: number
  readonly maxAttempts: number
}

/**
 * One minute doubling up to six hours; dead letter after 10 attempts (about a day).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRetryPolicy: RetryPolicy = { baseDelay: 60_000, maxDelay: 6 * 3_600_000, maxAttempts: 10 }

/**
 * The delay before attempt `attempts + 1`.
 *
 * @since 0.1.0
 * @category retry
 */
export const backoff = (policy: RetryPolicy, attempts: number): number =>
  Math.min(policy.maxDelay, policy.baseDelay * 2 ** Math.max(0, attempts - 1))

/**
 * The outbox port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Records messages that are not part of a ticket commit (e.g. staff warnings). Keys already present are ignored. */
  readonly enqueue: (messages: ReadonlyArray<Message>) => Effect.Effect<void, StorageError>
  /**
   * Claims up to `limit` pending messages due at `now`, earliest attempt first, for `leaseMs`:
   * no other claim gets them until the lease runs out or they are marked.
   */
  readonly claim: (options: { readonly now: number; readonly limit: number; readonly leaseMs: number }) => Effect.Effect<
    ReadonlyArray<{ readonly message: Message; readonly attempts: number }>,
    StorageError
  >
  /** Marks a claimed message delivered, with the provider's id. */
  readonly markSent: (id: string, receipt: { readonly at: number; readonly providerId?: string }) => Effect.Effect<void, StorageError>
  /**
   * Records a failed attempt: the message is retried after the backoff of `policy`, or becomes
   * a dead letter after `policy.maxAttempts` attempts, or at once when `permanent`.
   */
  readonly markFailed: (
    id: string,
    failure: { readonly at: number; readonly error: string; readonly permanent: boolean; readonly policy: RetryPolicy }
  ) => Effect.Effect<void, StorageError>
  /**
   * Erases the addresses and texts of a ticket's messages (R23, B9): what was sent, when and
   * for what purpose stays; to whom and what it said goes. A message still pending becomes a
   * dead letter "erased before delivery".
   */
  readonly erase: (code: string) => Effect.Effect<void, StorageError>
  /** One message with its state. */
  readonly get: (id: string) => Effect.Effect<Option.Option<Entry>, StorageError>
  /** Messages, newest first, filtered by state and ticket. */
  readonly list: (filter: {
    readonly state?: State["_tag"]
    readonly code?: string
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<Entry>, StorageError>
}

/**
 * The outbox service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class Outbox extends Context.Service<Outbox, Service>()("@sportello/core/Outbox") {}

/**
 * The in-memory outbox's state, shared with the in-memory ticket store, which records the
 * messages of a commit in the same step as its events.
 *
 * @internal
 */
export interface MemoryState {
  readonly entries: Map<string, { message: Message; state: State; claimedUntil: number; seq: number }>
  readonly byKey: Map<string, string>
  seq: number
}

/**
 * A message with its addresses and texts erased.
 *
 * @since 0.1.0
 * @category privacy
 */
export const erased = (message: Message): Message => ({
  ...message,
  to: { _tag: "Email", address: "[erased]" },
  subject: "",
  body: ""
})

/** @internal */
export const makeMemoryState = (): MemoryState => ({ entries: new Map(), byKey: new Map(), seq: 0 })

/** @internal */
export const recordInMemory = (state: MemoryState, messages: ReadonlyArray<Message>): void => {
  for (const message of messages) {
    if (state.byKey.has(message.deliveryKey) || state.entries.has(message.id)) continue
    state.byKey.set(message.deliveryKey, message.id)
    state.entries.set(message.id, {
      message,
      state: { _tag: "Pending", attempts: 0, nextAttemptAt: message.createdAt },
      claimedUntil: -Infinity,
      seq: state.seq++
    })
  }
}

/**
 * An outbox over in-memory state (the executable specification of the port).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (state: MemoryState = makeMemoryState()): Service => ({
  enqueue: (messages) => Effect.sync(() => recordInMemory(state, messages)),
  claim: ({ now, limit, leaseMs }) =>
    Effect.sync(() => {
      const due = [...state.entries.values()]
        .filter((e) => e.state._tag === "Pending" && e.state.nextAttemptAt <= now && e.claimedUntil <= now)
        .sort((a, b) =>
          (a.state as { nextAttemptAt: number }).nextAttemptAt - (b.state as { nextAttemptAt: number }).nextAttemptAt || a.seq - b.seq
        )
        .slice(0, limit)
      for (const e of due) e.claimedUntil = now + leaseMs
      return due.map((e) => ({ message: e.message, attempts: e.state.attempts }))
    }),
  markSent: (id, receipt) =>
    Effect.sync(() => {
      const e = state.entries.get(id)
      if (e === undefined || e.state._tag !== "Pending") return
      e.state = { _tag: "Sent", attempts: e.state.attempts + 1, sentAt: receipt.at, ...(receipt.providerId === undefined ? {} : { providerId: receipt.providerId }) }
    }),
  markFailed: (id, failure) =>
    Effect.sync(() => {
      const e = state.entries.get(id)
      if (e === undefined || e.state._tag !== "Pending") return
      const attempts = e.state.attempts + 1
      e.claimedUntil = -Infinity
      e.state = failure.permanent || attempts >= failure.policy.maxAttempts
        ? { _tag: "DeadLetter", attempts, failedAt: failure.at, lastError: failure.error }
        : { _tag: "Pending", attempts, nextAttemptAt: failure.at + backoff(failure.policy, attempts), lastError: failure.error }
    }),
  erase: (code) =>
    Effect.sync(() => {
      for (const e of state.entries.values()) {
        if (e.message.code !== code) continue
        e.message = erased(e.message)
        if (e.state._tag === "Pending") {
          e.state = { _tag: "DeadLetter", attempts: e.state.attempts, failedAt: e.message.createdAt, lastError: "erased before delivery" }
        }
      }
    }),
  get: (id) =>
    Effect.sync(() => {
      const e = state.entries.get(id)
      return e === undefined ? Option.none() : Option.some({ message: e.message, state: e.state })
    }),
  list: (filter) =>
    Effect.sync(() =>
      [...state.entries.values()]
        .filter((e) => (filter.state === undefined || e.state._tag === filter.state) && (filter.code === undefined || e.message.code === filter.code))
        .sort((a, b) => b.seq - a.seq)
        .slice(0, filter.limit ?? Infinity)
        .map((e) => ({ message: e.message, state: e.state }))
    )
})

/**
 * A standalone in-memory outbox. (The in-memory ticket store provides an outbox of its own
 * that shares its commits: use `TicketStore.layerMemory` when both are needed.)
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Outbox> = Layer.sync(Outbox, () => makeMemory())
