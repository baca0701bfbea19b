import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Attachments from "../src/internal/attachments.ts"
import { SqlErrors } from "../src/index.ts"
import { backends } from "./support/backends.ts"

for (const backend of backends) {
  describe(`Attachments (${backend.name})`, () => {
    it.effect("stores bytes once under their SHA-256 and gives them back intact", () =>
      Effect.gen(function*() {
        const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256)
        const checksum = yield* Attachments.put("application/pdf", bytes)
        expect(checksum).toBe(Attachments.checksumOf(bytes))
        expect(yield* Attachments.put("application/pdf", bytes)).toBe(checksum)
        const stored = yield* Attachments.get(checksum)
        expect(stored?.mediaType).toBe("application/pdf")
        expect(stored?.size).toBe(70_000)
        expect(Buffer.from(stored!.bytes).equals(Buffer.from(bytes))).toBe(true)
        expect(yield* Attachments.get("0".repeat(64))).toBeUndefined()
        const sql = yield* SqlClient.SqlClient
        const [{ n }] = (yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM attachments`) as [{ n: number }]
        expect(n).toBe(1)
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("the table refuses a checksum that is not a SHA-256 or a size that lies", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const insert = (checksum: string, size: number) =>
          sql`INSERT INTO attachments (checksum, media_type, size, bytes, created_at)
            VALUES (${checksum}, 'text/plain', ${size}, ${new Uint8Array([1, 2, 3])}, now())`.pipe(
            SqlErrors.mapSqlError("insert"),
            Effect.flip
          )
        expect(yield* insert("not-a-hash", 3)).toMatchObject({ _tag: "StorageError", reason: "constraint" })
        expect(yield* insert("a".repeat(64), 4)).toMatchObject({ _tag: "StorageError", reason: "constraint" })
      }).pipe(Effect.provide(backend.migrated())))
  })
}
