import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import * as Timers from "../src/internal/timers.ts"
import { backends } from "./support/backends.ts"

const T0 = Date.parse("2026-11-25T09:00:00.000Z")
const at = (minutes: number) => new Date(T0 + minutes * 60_000)

for (const backend of backends) {
  describe(`Timers (${backend.name})`, () => {
    it.effect("claims what is due at the clock's now, most overdue first, and fires it once", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Timers.schedule("T1", "warn", at(10))
        yield* Timers.schedule("T2", "breach", at(5))
        yield* Timers.schedule("T3", "breach", at(60))
        expect(yield* Timers.claimDue({ limit: 10, lease: "1 minute" })).toEqual([])

        yield* TestClock.adjust("10 minutes")
        const claimed = yield* Timers.claimDue({ limit: 10, lease: "1 minute" })
        expect(claimed.map((t) => [t.ticketId, t.kind])).toEqual([["T2", "breach"], ["T1", "warn"]])
        expect(claimed[0]!.claimedUntil.getTime()).toBe(T0 + 11 * 60_000)
        // Claimed: hidden from other claimers while the lease lasts.
        expect(yield* Timers.claimDue({ limit: 10, lease: "1 minute" })).toEqual([])
        for (const timer of claimed) expect(yield* Timers.markFired(timer)).toBe(true)
        expect(yield* Timers.markFired(claimed[0]!)).toBe(false)

        yield* TestClock.adjust("1 hour")
        expect((yield* Timers.claimDue({ limit: 10, lease: "1 minute" })).map((t) => t.ticketId)).toEqual(["T3"])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("a crashed claimer's timer comes back when its lease ends; its late fire is refused", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Timers.schedule("T1", "breach", at(0))
        const [first] = yield* Timers.claimDue({ limit: 1, lease: "30 seconds" })
        yield* TestClock.adjust("29 seconds")
        expect(yield* Timers.claimDue({ limit: 1, lease: "30 seconds" })).toEqual([])
        yield* TestClock.adjust("1 second")
        const [second] = yield* Timers.claimDue({ limit: 1, lease: "30 seconds" })
        expect(second?.id).toBe(first?.id)
        expect(yield* Timers.markFired(first!)).toBe(false)
        expect(yield* Timers.markFired(second!)).toBe(true)
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("scheduling again moves the timer, re-arms a fired one, and voids a claim", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Timers.schedule("T1", "breach", at(0))
        const [claimed] = yield* Timers.claimDue({ limit: 1, lease: "1 minute" })
        yield* Timers.schedule("T1", "breach", at(30)) // a suspension moved the deadline
        expect(yield* Timers.markFired(claimed!)).toBe(false)
        expect(yield* Timers.claimDue({ limit: 1, lease: "1 minute" })).toEqual([])
        yield* TestClock.adjust("30 minutes")
        const [moved] = yield* Timers.claimDue({ limit: 1, lease: "1 minute" })
        expect(moved?.dueAt).toEqual(at(30))
        expect(yield* Timers.markFired(moved!)).toBe(true)
        yield* Timers.schedule("T1", "breach", at(40)) // reopened
        yield* TestClock.adjust("10 minutes")
        expect((yield* Timers.claimDue({ limit: 1, lease: "1 minute" })).length).toBe(1)
        yield* Timers.cancel("T1", "breach")
        yield* TestClock.adjust("1 hour")
        expect(yield* Timers.claimDue({ limit: 1, lease: "1 minute" })).toEqual([])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("concurrent sweepers share the due timers without firing any twice", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        for (let i = 0; i < 120; i++) yield* Timers.schedule(`T${i}`, "breach", at(-i))
        const sweeper = Effect.gen(function*() {
          const fired: Array<string> = []
          for (;;) {
            const batch = yield* Timers.claimDue({ limit: 7, lease: "5 minutes" })
            if (batch.length === 0) return fired
            for (const timer of batch) if (yield* Timers.markFired(timer)) fired.push(timer.ticketId)
          }
        })
        const results = yield* Effect.all([sweeper, sweeper, sweeper, sweeper], { concurrency: "unbounded" })
        const all = results.flat()
        expect(all.length).toBe(120)
        expect(new Set(all).size).toBe(120)
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("the sweep can use the partial index on due_at", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const plan = yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql`SET LOCAL enable_seqscan = off`
          return yield* sql<{ "QUERY PLAN": string }>`EXPLAIN
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= ${at(0)} AND (claimed_until IS NULL OR claimed_until <= ${at(0)})
            ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED`
        }))
        expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index Scan using timers_due/)
      }).pipe(Effect.provide(backend.migrated())))

    if (backend.concurrentSessions) {
      it.live("a claimer skips the timers another claimer holds locked, without waiting", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const now = Date.now()
          for (let i = 0; i < 10; i++) yield* Timers.schedule(`T${i}`, "breach", new Date(now - 60_000 - i))
          const holder = sql.withTransaction(
            Effect.tap(Timers.claimDue({ limit: 5, lease: "1 minute" }), () => Effect.sleep("400 millis"))
          )
          const other = Effect.delay(
            Effect.timed(sql.withTransaction(Timers.claimDue({ limit: 10, lease: "1 minute" }))),
            "100 millis"
          )
          const [held, [took, got]] = yield* Effect.all([holder, other], { concurrency: 2 })
          expect(held.length).toBe(5)
          expect(got.length).toBe(5)
          expect(new Set([...held, ...got].map((t) => t.ticketId)).size).toBe(10)
          expect(Duration.toMillis(took)).toBeLessThan(300)
        }).pipe(Effect.provide(backend.migrated())))
    }
  })
}
