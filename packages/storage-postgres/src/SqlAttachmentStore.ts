/**
 * `AttachmentStore` of `@sportello/core` in PostgreSQL: the bytes in a `bytea` column, once
 * per SHA-256 checksum, with one row per owner (ticket code) in `attachment_owners`; the
 * bytes are deleted with their last owner. Files larger than `maxSize` are refused before
 * anything is sent to the database.
 *
 * @since 0.1.0
 */
import { AttachmentStore } from "@sportello/core"
import { Clock, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { createHash } from "node:crypto"
import { date, idempotent, storage } from "./internal/sql.ts"

/**
 * Options of the store.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The largest accepted file, in bytes (default 20 MiB, as the in-memory store). */
  readonly maxSize?: number | undefined
}

/**
 * The default size limit: 20 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxSize = 20 * 1024 * 1024

const PREFIX = "sha256:"

/** The hex digest of a port checksum ("sha256:" + hex), or undefined when it is not one. */
const hexOf = (checksum: string): string | undefined => {
  const hex = checksum.startsWith(PREFIX) ? checksum.slice(PREFIX.length) : undefined
  return hex !== undefined && /^[0-9a-f]{64}$/.test(hex) ? hex : undefined
}

/**
 * An `AttachmentStore` over the `SqlClient` in context. The schema must be migrated
 * (`Migrations.run`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<AttachmentStore.Service, never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const maxSize = options.maxSize ?? defaultMaxSize

    const put: AttachmentStore.Service["put"] = (bytes, mediaType, owner) =>
      Effect.gen(function*() {
        if (bytes.byteLength > maxSize) {
          return yield* new AttachmentStore.AttachmentTooLarge({
            size: bytes.byteLength,
            limit: maxSize,
            message: `the file is ${bytes.byteLength} bytes; the limit is ${maxSize}`
          })
        }
        const hex = createHash("sha256").update(bytes).digest("hex")
        const now = date(yield* Clock.currentTimeMillis)
        // DO UPDATE (a no-op) rather than DO NOTHING: it locks the row, so a concurrent
        // release of the last owner cannot delete the bytes under this new owner.
        const stored = yield* sql.withTransaction(Effect.gen(function*() {
          const [row] = yield* sql<{ media_type: string }>`
            INSERT INTO attachments (checksum, media_type, size, bytes, created_at)
            VALUES (${hex}, ${mediaType}, ${bytes.byteLength}, ${bytes}, ${now})
            ON CONFLICT (checksum) DO UPDATE SET checksum = excluded.checksum
            RETURNING media_type`
          yield* sql`
            INSERT INTO attachment_owners (checksum, owner) VALUES (${hex}, ${owner})
            ON CONFLICT DO NOTHING`
          return row!.media_type
        })).pipe(idempotent("AttachmentStore.put"))
        return { checksum: PREFIX + hex, size: bytes.byteLength, mediaType: stored }
      })

    const get: AttachmentStore.Service["get"] = (checksum) => {
      const hex = hexOf(checksum)
      if (hex === undefined) return Effect.succeed(Option.none())
      return sql<{ bytes: Uint8Array; media_type: string }>`
        SELECT bytes, media_type FROM attachments WHERE checksum = ${hex}`.pipe(
        idempotent("AttachmentStore.get"),
        Effect.map((rows) =>
          Option.map(Option.fromNullishOr(rows[0]), (r) => ({ bytes: new Uint8Array(r.bytes), mediaType: r.media_type }))
        )
      )
    }

    const release: AttachmentStore.Service["release"] = (checksum, owner) => {
      const hex = hexOf(checksum)
      if (hex === undefined) return Effect.void
      return sql.withTransaction(Effect.gen(function*() {
        yield* sql`DELETE FROM attachment_owners WHERE checksum = ${hex} AND owner = ${owner}`
        yield* sql`
          DELETE FROM attachments a WHERE a.checksum = ${hex}
            AND NOT EXISTS (SELECT 1 FROM attachment_owners o WHERE o.checksum = a.checksum)`
      })).pipe(storage("AttachmentStore.release"))
    }

    return { maxSize, put, get, release } satisfies AttachmentStore.Service
  })

/**
 * The `AttachmentStore` over the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<AttachmentStore.AttachmentStore, never, SqlClient.SqlClient> =>
  Layer.effect(AttachmentStore.AttachmentStore, make(options))
