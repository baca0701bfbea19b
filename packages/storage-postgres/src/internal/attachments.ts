/**
 * Content-addressed attachments in SQL: stored once per SHA-256 checksum.
 */
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import { createHash } from "node:crypto"
import * as SqlErrors from "../SqlErrors.ts"

/** A stored attachment. */
export interface Attachment {
  readonly checksum: string
  readonly mediaType: string
  readonly size: number
  readonly bytes: Uint8Array
}

/** The lowercase hex SHA-256 of `bytes`: an attachment's key. */
export const checksumOf = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

/** Stores `bytes` (once: the same bytes again do nothing); returns the checksum. */
export const put = Effect.fn("Attachments.put")(function*(
  mediaType: string,
  bytes: Uint8Array
): Effect.fn.Return<string, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const now = new Date(yield* Clock.currentTimeMillis)
  const checksum = checksumOf(bytes)
  yield* sql`
    INSERT INTO attachments (checksum, media_type, size, bytes, created_at)
    VALUES (${checksum}, ${mediaType}, ${bytes.length}, ${bytes}, ${now})
    ON CONFLICT (checksum) DO NOTHING`.pipe(SqlErrors.mapSqlError("Attachments.put"))
  return checksum
})

/** The attachment with this checksum, if stored. Safe to retry. */
export const get = Effect.fn("Attachments.get")(function*(
  checksum: string
): Effect.fn.Return<Attachment | undefined, SqlErrors.Failure, SqlClient.SqlClient> {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ checksum: string; media_type: string; size: bigint; bytes: Uint8Array }>`
    SELECT checksum, media_type, size, bytes FROM attachments WHERE checksum = ${checksum}`.pipe(
    SqlErrors.mapSqlError("Attachments.get"),
    SqlErrors.retryIdempotent
  )
  return row === undefined
    ? undefined
    : { checksum: row.checksum, mediaType: row.media_type, size: Number(row.size), bytes: row.bytes }
})
