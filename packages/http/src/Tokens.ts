/**
 * Bearer tokens for staff, stored hashed. A token reads `spt.<id>.<secret>`: the `id` finds the
 * stored record, the `secret` (32 random bytes) is never stored — only SHA-256 of a per-token
 * random salt followed by the secret, compared in constant time. A token carries its holder's
 * `subject` (a staff or office id, never a name) and one role: `operator`, `office`,
 * `supervisor` or `admin` (see {@link Access} for what each may do).
 *
 * `Tokens` is a port: the storage of token records. This module gives the in-memory layer
 * (hashes only; the executable specification) and the operations on top of any storage:
 * {@link issue}, {@link authenticate}, {@link record}. A storage adapter implements the port
 * with its own table.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import type { StorageError } from "@sportello/core"
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

/**
 * A role (see the module `Access` for the permissions of each).
 *
 * @since 0.1.0
 * @category models
 */
export const Role = Schema.Literals(["operator", "office", "supervisor", "admin"])

/**
 * @since 0.1.0
 * @category models
 */
export type Role = typeof Role.Type

/**
 * Who a valid token stands for: the token's id, the staff or office id it was issued to, and its
 * role.
 *
 * @since 0.1.0
 * @category models
 */
export const Principal = Schema.Struct({
  tokenId: Schema.String,
  subject: Schema.String,
  role: Role
})

/**
 * @since 0.1.0
 * @category models
 */
export type Principal = typeof Principal.Type

/**
 * A token as stored: everything but the secret. `hash` is the hex SHA-256 of `salt` (hex-decoded)
 * followed by the secret's UTF-8 bytes. Instants are epoch milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export const StoredToken = Schema.Struct({
  id: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{8,64}$/)),
  subject: Schema.NonEmptyString.check(Schema.isMaxLength(200)),
  role: Role,
  salt: Schema.String.check(Schema.isPattern(/^[0-9a-f]{32,128}$/)),
  hash: Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/)),
  label: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  createdAt: Schema.Int,
  expiresAt: Schema.optionalKey(Schema.Int),
  revokedAt: Schema.optionalKey(Schema.Int)
})

/**
 * @since 0.1.0
 * @category models
 */
export type StoredToken = typeof StoredToken.Type

/**
 * The storage of token records.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The record with this id, if any (revoked and expired ones included). */
  readonly find: (id: string) => Effect.Effect<Option.Option<StoredToken>, StorageError.StorageError>
  /** Stores a new record, or replaces the record with the same id. */
  readonly save: (token: StoredToken) => Effect.Effect<void, StorageError.StorageError>
  /** Every record, newest first. */
  readonly list: Effect.Effect<ReadonlyArray<StoredToken>, StorageError.StorageError>
}

/**
 * The token storage port.
 *
 * @since 0.1.0
 * @category services
 */
export class Tokens extends Context.Service<Tokens, Service>()("@sportello/http/Tokens") {}

const PREFIX = "spt"

const hashOf = (salt: string, secret: string): string =>
  createHash("sha256").update(Buffer.from(salt, "hex")).update(secret, "utf8").digest("hex")

/**
 * The stored record of a token whose text is known (for seeding tokens from configuration):
 * the text must read `spt.<id>.<secret>` with a secret of at least 32 characters.
 *
 * @since 0.1.0
 * @category constructors
 */
export const record = (options: {
  readonly token: string | Redacted.Redacted<string>
  readonly subject: string
  readonly role: Role
  readonly label?: string
  readonly createdAt?: number
  readonly expiresAt?: number
}): StoredToken => {
  const parsed = parse(Redacted.isRedacted(options.token) ? Redacted.value(options.token) : options.token)
  if (parsed === undefined || parsed.secret.length < 32) {
    throw new Error("a token reads spt.<id>.<secret>, with an id of 8–64 letters, digits, - or _ and a secret of at least 32 characters")
  }
  const salt = randomBytes(16).toString("hex")
  return {
    id: parsed.id,
    subject: options.subject,
    role: options.role,
    salt,
    hash: hashOf(salt, parsed.secret),
    ...(options.label === undefined ? {} : { label: options.label }),
    createdAt: options.createdAt ?? 0,
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt })
  }
}

const ID = /^[A-Za-z0-9_-]{8,64}$/

const parse = (token: string): { readonly id: string; readonly secret: string } | undefined => {
  const first = token.indexOf(".")
  const second = token.indexOf(".", first + 1)
  if (first < 0 || second < 0 || token.slice(0, first) !== PREFIX) return undefined
  const id = token.slice(first + 1, second)
  const secret = token.slice(second + 1)
  if (!ID.test(id) || secret.length === 0 || secret.length > 512) return undefined
  return { id, secret }
}

/**
 * A new token: its text (shown once, never stored) and the record to store.
 *
 * @since 0.1.0
 * @category models
 */
export interface Issued {
  readonly token: Redacted.Redacted<string>
  readonly stored: StoredToken
}

/**
 * Issues a token for a staff or office id with a role, and stores its record.
 *
 * @since 0.1.0
 * @category operations
 */
export const issue = Effect.fn("Tokens.issue")(function*(options: {
  readonly subject: string
  readonly role: Role
  readonly label?: string
  readonly expiresAt?: number
}) {
  const tokens = yield* Tokens
  const now = yield* Clock.currentTimeMillis
  const id = randomBytes(12).toString("base64url")
  const secret = randomBytes(32).toString("base64url")
  const token = `${PREFIX}.${id}.${secret}`
  const stored = record({ ...options, token, createdAt: now })
  yield* tokens.save(stored)
  return { token: Redacted.make(token, { label: "token" }), stored } satisfies Issued as Issued
})

/**
 * Revokes a token: it stops working at once. False when there is no such token.
 *
 * @since 0.1.0
 * @category operations
 */
export const revoke = Effect.fn("Tokens.revoke")(function*(id: string) {
  const tokens = yield* Tokens
  const found = yield* tokens.find(id)
  if (Option.isNone(found)) return false
  if (found.value.revokedAt === undefined) {
    yield* tokens.save({ ...found.value, revokedAt: yield* Clock.currentTimeMillis })
  }
  return true
})

// compared against when the id is unknown, so that unknown ids take as long as wrong secrets
const DUMMY_SALT = "00".repeat(16)
const DUMMY_HASH = hashOf(DUMMY_SALT, "")

/**
 * Who a bearer token stands for, or none when it is malformed, unknown, wrong, expired or
 * revoked (the caller cannot tell which). The secret's hash is compared in constant time.
 *
 * @since 0.1.0
 * @category operations
 */
export const authenticate = Effect.fn("Tokens.authenticate")(function*(token: Redacted.Redacted<string>) {
  const tokens = yield* Tokens
  const parsed = parse(Redacted.value(token))
  const found = parsed === undefined ? Option.none<StoredToken>() : yield* tokens.find(parsed.id)
  const stored = Option.getOrUndefined(found)
  const expected = Buffer.from(stored?.hash ?? DUMMY_HASH, "hex")
  const actual = Buffer.from(hashOf(stored?.salt ?? DUMMY_SALT, parsed?.secret ?? ""), "hex")
  const matches = timingSafeEqual(expected, actual) && stored !== undefined && parsed !== undefined
  if (!matches) return Option.none<Principal>()
  const now = yield* Clock.currentTimeMillis
  if (stored.revokedAt !== undefined && stored.revokedAt <= now) return Option.none<Principal>()
  if (stored.expiresAt !== undefined && stored.expiresAt <= now) return Option.none<Principal>()
  return Option.some<Principal>({ tokenId: stored.id, subject: stored.subject, role: stored.role })
})

/**
 * Token storage in memory, holding records (hashes) only.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (initial: Iterable<StoredToken> = []): Service => {
  const records = new Map<string, StoredToken>()
  for (const r of initial) records.set(r.id, r)
  return {
    find: (id) => Effect.sync(() => Option.fromNullishOr(records.get(id))),
    save: (token) => Effect.sync(() => void records.set(token.id, token)),
    list: Effect.sync(() => [...records.values()].sort((a, b) => b.createdAt - a.createdAt))
  }
}

/**
 * The in-memory token storage as a layer, seeded with records (see {@link record}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (initial: Iterable<StoredToken> = []): Layer.Layer<Tokens> =>
  Layer.sync(Tokens, () => makeMemory(initial))
