import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { SqlClient } from "effect/sql"
import * as EventLog from "../src/internal/eventLog.ts"
import { backends } from "./support/backends.ts"

const T0 = Date.parse("2026-11-25T09:00:00.000Z")

for (const backend of backends) {
  describe(`EventLog (${backend.name})`, () => {
    it.effect("appends at the expected version and reads the stream back in order", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        expect(yield* EventLog.version("T1")).toBe(0)
        expect(yield* EventLog.append("T1", 0, [
          { type: "Submitted", payload: { channel: "email", text: "Allerta meteo?" } },
          { type: "Routed", payload: { desk: "front" } }
        ])).toBe(2)
        yield* TestClock.adjust("1 minute")
        expect(yield* EventLog.append("T1", 2, [{ type: "Answered", payload: { by: "op-7", ok: true, n: 1.5 } }]))
          .toBe(3)
        const events = yield* EventLog.read("T1")
        expect(events.map((e) => [e.version, e.type, e.payload])).toEqual([
          [1, "Submitted", { channel: "email", text: "Allerta meteo?" }],
          [2, "Routed", { desk: "front" }],
          [3, "Answered", { by: "op-7", ok: true, n: 1.5 }]
        ])
        expect(events.map((e) => e.recordedAt.getTime())).toEqual([T0, T0, T0 + 60_000])
        expect(events[0]!.position < events[2]!.position).toBe(true)
        expect((yield* EventLog.read("T1", 2)).map((e) => e.version)).toEqual([3])
        expect(yield* EventLog.version("T1")).toBe(3)
        expect(yield* EventLog.read("nobody")).toEqual([])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("a stale expected version is a conflict and writes nothing", () =>
      Effect.gen(function*() {
        yield* EventLog.append("T1", 0, [{ type: "Submitted", payload: {} }, { type: "Routed", payload: {} }])
        const behind = yield* Effect.flip(EventLog.append("T1", 1, [{ type: "Answered", payload: {} }]))
        expect(behind._tag).toBe("WriteConflict")
        const ahead = yield* Effect.flip(EventLog.append("T1", 5, [{ type: "Answered", payload: {} }]))
        expect(ahead._tag).toBe("WriteConflict")
        const again = yield* Effect.flip(EventLog.append("T1", 0, [{ type: "Submitted", payload: {} }]))
        expect(again._tag).toBe("WriteConflict")
        expect(yield* EventLog.version("T1")).toBe(2)
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("of concurrent appends at the same version exactly one wins", () =>
      Effect.gen(function*() {
        yield* EventLog.append("T1", 0, [{ type: "Submitted", payload: {} }])
        const sql = yield* SqlClient.SqlClient
        const outcomes = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) =>
            sql.withTransaction(EventLog.append("T1", 1, [{ type: "Answered", payload: { by: i } }])).pipe(
              Effect.result
            )),
          { concurrency: "unbounded" }
        )
        const won = outcomes.filter((o) => o._tag === "Success")
        const lost = outcomes.flatMap((o) => (o._tag === "Failure" ? [o.failure._tag] : []))
        expect(won.length).toBe(1)
        expect(lost).toEqual(Array(7).fill("WriteConflict"))
        expect((yield* EventLog.read("T1")).map((e) => e.version)).toEqual([1, 2])
      }).pipe(Effect.provide(backend.migrated())))

    it.effect("an append rolls back with the transaction it is part of", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.withTransaction(
          Effect.andThen(EventLog.append("T1", 0, [{ type: "Submitted", payload: {} }]), Effect.fail("refused"))
        ).pipe(Effect.flip)
        expect(yield* EventLog.version("T1")).toBe(0)
      }).pipe(Effect.provide(backend.migrated())))
  })
}
