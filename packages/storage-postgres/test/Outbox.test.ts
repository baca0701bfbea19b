import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import * as Outbox from "../src/internal/outbox.ts"
import { backends } from "./support/backends.ts"

const T0 = Date.parse("2026-11-25T09:00:00.000Z")

const ack = (ticketId: string, n = 1): Outbox.NewMessage => ({
  ticketId,
  deliveryKey: `${ticketId}/ack/${n}`,
  channel: "email",
  payload: { template: "acknowledgement", ticketId }
})

const statusOf = (deliveryKey: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ status: string; attempts: number; last_error: string | null }>`
      SELECT status, attempts, last_error FROM outbox WHERE delivery_key = ${deliveryKey}`
    return row
  })

for (const backend of backends) {
  describe(`Outbox (${backend.name})`, () => {
    it.effect("enqueues once per delivery key, delivers in order, and records the delivery", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        expect(yield* Outbox.enqueue([ack("T1"), ack("T2")])).toBe(2)
        expect(yield* Outbox.enqueue([ack("T1"), ack("T3")])).toBe(1)
        const claimed = yield* Outbox.claim({ limit: 10, lease: "1 minute" })
        expect(claimed.map((m) => [m.deliveryKey, m.attempts])).toEqual([["T1/ack/1", 1], ["T2/ack/1", 1], [
          "T3/ack/1",
          1
        ]])
        expect(claimed[0]!.payload).toEqual({ template: "acknowledgement", ticketId: "T1" })
        expect(yield* Outbox.claim({ limit: 10, lease: "1 minute" })).toEqual([])
        for (const message of claimed) expect(yield* Outbox.markSent(message)).toBe(true)
        expect(yield* Outbox.markSent(claimed[0]!)).toBe(false)
        expect(yield* statusOf("T1/ack/1")).toEqual({ status: "sent", attempts: 1, last_error: null })
        yield* TestClock.adjust("1 hour")
        expect(yield* Outbox.claim({ limit: 10, lease: "1 minute" })).toEqual([])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("a failed delivery is retried at its time, then dead-lettered after the last attempt", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Outbox.enqueue([ack("T1")])
        for (let attempt = 1; attempt <= 3; attempt++) {
          const [message] = yield* Outbox.claim({ limit: 1, lease: "1 minute" })
          expect(message?.attempts).toBe(attempt)
          const outcome = yield* Outbox.markFailed(message!, {
            error: `550 mailbox unavailable (${attempt})`,
            retryAt: new Date(T0 + attempt * 600_000),
            maxAttempts: 3
          })
          expect(outcome).toBe(attempt < 3 ? "retry" : "dead")
          if (attempt < 3) {
            expect(yield* Outbox.claim({ limit: 1, lease: "1 minute" })).toEqual([])
            yield* TestClock.setTime(T0 + attempt * 600_000)
          }
        }
        expect(yield* statusOf("T1/ack/1")).toEqual({
          status: "dead",
          attempts: 3,
          last_error: "550 mailbox unavailable (3)"
        })
        yield* TestClock.adjust("1 day")
        expect(yield* Outbox.claim({ limit: 1, lease: "1 minute" })).toEqual([])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("a relay that crashed mid-send loses its claim when the lease ends; the message is sent again", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Outbox.enqueue([ack("T1")])
        const [crashed] = yield* Outbox.claim({ limit: 1, lease: "30 seconds" })
        yield* TestClock.adjust("30 seconds")
        const [again] = yield* Outbox.claim({ limit: 1, lease: "30 seconds" })
        expect(again?.deliveryKey).toBe(crashed?.deliveryKey)
        expect(again?.attempts).toBe(2)
        expect(yield* Outbox.markSent(crashed!)).toBe(false)
        expect(yield* Outbox.markFailed(crashed!, { error: "late", retryAt: new Date(T0), maxAttempts: 5 })).toBe("lost")
        expect(yield* Outbox.markSent(again!)).toBe(true)
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("messages enqueued in a transaction that rolls back are never delivered", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.withTransaction(Effect.andThen(Outbox.enqueue([ack("T1")]), Effect.fail("refused"))).pipe(Effect.flip)
        expect(yield* Outbox.claim({ limit: 10, lease: "1 minute" })).toEqual([])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("concurrent relays hand every message over exactly once", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        yield* Outbox.enqueue(Array.from({ length: 150 }, (_, i) => ack(`T${i}`)))
        const relay = Effect.gen(function*() {
          const sent: Array<string> = []
          for (;;) {
            const batch = yield* Outbox.claim({ limit: 5, lease: "5 minutes" })
            if (batch.length === 0) return sent
            for (const message of batch) if (yield* Outbox.markSent(message)) sent.push(message.deliveryKey)
          }
        })
        const sent = (yield* Effect.all([relay, relay, relay, relay], { concurrency: "unbounded" })).flat()
        expect(sent.length).toBe(150)
        expect(new Set(sent).size).toBe(150)
      }).pipe(Effect.provide(backend.migrated())))
  })
}
