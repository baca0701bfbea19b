/**
 * The audit log of the staff API (R24): every request of an operator, office, supervisor or
 * admin — reads included — and every refusal of one (no token, a wrong token, a role that may
 * not, a ticket that refuses the command) is recorded with who and when. Entries carry no
 * personal data: the token id, the staff or office id and the role of who asked, the action,
 * its target (a ticket code, an emergency id, a token id), the outcome and the HTTP status — no
 * names, no texts, no addresses, no client IP.
 *
 * Ticket events carry their own `by` and `at`; the audit log adds what events cannot show:
 * reads, denials, and the actions that are not ticket events (emergency periods, tokens).
 *
 * `AuditLog` is a port; the in-memory layer keeps the most recent entries.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { StorageError } from "@sportello/core"
import { Role } from "./Tokens.ts"

/**
 * How a request ended:
 * - `ok`: done;
 * - `unauthenticated`: no valid token (401);
 * - `denied`: the role may not do this (403);
 * - `refused`: the ticket refused the command, or the request could not be carried out (409, 422);
 * - `invalid`: the request could not be read (400, 413);
 * - `not-found`: nothing has this code or id (404);
 * - `failed`: the server could not complete it (5xx).
 *
 * @since 0.1.0
 * @category models
 */
export const Outcome = Schema.Literals(["ok", "unauthenticated", "denied", "refused", "invalid", "not-found", "failed"])

/**
 * @since 0.1.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * One entry. `at` is epoch milliseconds; `actor` is absent when no valid token was given;
 * `reason` is a code (a refusal reason, a problem type), never free text from the request.
 *
 * @since 0.1.0
 * @category models
 */
export const Entry = Schema.Struct({
  at: Schema.Int,
  actor: Schema.optionalKey(Schema.Struct({ tokenId: Schema.String, subject: Schema.String, role: Role })),
  action: Schema.String,
  target: Schema.optionalKey(Schema.String),
  outcome: Outcome,
  status: Schema.Int,
  reason: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Entry = typeof Entry.Type

/**
 * The audit log.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly record: (entry: Entry) => Effect.Effect<void, StorageError.StorageError>
  /** The most recent entries, newest first. */
  readonly recent: (limit: number) => Effect.Effect<ReadonlyArray<Entry>, StorageError.StorageError>
}

/**
 * The audit log port.
 *
 * @since 0.1.0
 * @category services
 */
export class AuditLog extends Context.Service<AuditLog, Service>()("@sportello/http/AuditLog") {}

/**
 * An audit log in memory keeping the last `capacity` entries (default 10,000).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (capacity = 10_000): Service => {
  const entries: Array<Entry> = []
  return {
    record: (entry) =>
      Effect.sync(() => {
        entries.push(entry)
        if (entries.length > capacity) entries.splice(0, entries.length - capacity)
      }),
    recent: (limit) => Effect.sync(() => (limit <= 0 ? [] : entries.slice(-limit).reverse()))
  }
}

/**
 * The in-memory audit log as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (capacity?: number): Layer.Layer<AuditLog> => Layer.sync(AuditLog, () => makeMemory(capacity))

/**
 * The outcome of an HTTP status.
 *
 * @since 0.1.0
 * @category queries
 */
export const outcomeOf = (status: number): Outcome =>
  status < 400
    ? "ok"
    : status === 401
    ? "unauthenticated"
    : status === 403
    ? "denied"
    : status === 404
    ? "not-found"
    : status === 409 || status === 422
    ? "refused"
    : status < 500
    ? "invalid"
    : "failed"
