import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Idempotency from "../src/internal/idempotency.ts"
import { backends } from "./support/backends.ts"

for (const backend of backends) {
  describe(`Idempotency keys (${backend.name})`, () => {
    it.effect("the first claim of a key wins; later ones learn its ticket", () =>
      Effect.gen(function*() {
        expect(yield* Idempotency.claim("email", "<m1@example.org>", "T1")).toEqual({ _tag: "Claimed", ticketId: "T1" })
        expect(yield* Idempotency.claim("email", "<m1@example.org>", "T2")).toEqual({ _tag: "Existing", ticketId: "T1" })
        expect(yield* Idempotency.claim("sms", "<m1@example.org>", "T3")).toEqual({ _tag: "Claimed", ticketId: "T3" })
        expect(yield* Idempotency.lookup("email", "<m1@example.org>")).toBe("T1")
        expect(yield* Idempotency.lookup("email", "<other>")).toBeUndefined()
      }).pipe(Effect.provide(backend.migrated())))

    it.live("racing claims of one key create one ticket, also when the first is still open", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        // The first intake holds its transaction open for a while after claiming.
        const slow = sql.withTransaction(
          Effect.tap(Idempotency.claim("form", "sub-42", "T-slow"), () => Effect.sleep("200 millis"))
        )
        const fast = (i: number) =>
          Effect.delay(sql.withTransaction(Idempotency.claim("form", "sub-42", `T-fast-${i}`)), "50 millis")
        const [first, ...others] = yield* Effect.all([slow, fast(1), fast(2), fast(3)], { concurrency: "unbounded" })
        expect(first).toEqual({ _tag: "Claimed", ticketId: "T-slow" })
        expect(others).toEqual(Array(3).fill({ _tag: "Existing", ticketId: "T-slow" }))
      }).pipe(Effect.provide(backend.migrated())))

    it.live("a key claimed in a transaction that rolls back is free again", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.withTransaction(Effect.andThen(Idempotency.claim("call", "CA1", "T1"), Effect.fail("crash"))).pipe(
          Effect.flip
        )
        expect(yield* Idempotency.claim("call", "CA1", "T2")).toEqual({ _tag: "Claimed", ticketId: "T2" })
      }).pipe(Effect.provide(backend.migrated())))
  })
}
