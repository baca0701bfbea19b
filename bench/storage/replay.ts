/**
 * The engine's SQL without the engine: the statements one `Engine.submit` sends are captured
 * once (in a rolled-back transaction), then sent again for each new request — the same
 * statements, round trips, transaction and rows, with a fresh ticket code and fresh UUIDs
 * (submission id, message ids) — without decoding, screening, deciding, projecting or
 * rendering. The gap between this and `Engine.submit` is the engine's own work in Node.js; the
 * gap between this and a raw INSERT is the cost of the commit's SQL.
 */
import { type Engine, type StorageError, TicketCode } from "@sportello/core"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql"
import { type Captured, captureSubmit } from "./queries.ts"

export interface Template {
  /** Sent before the transaction (the idempotency lookup). */
  readonly before: ReadonlyArray<Captured>
  /** Sent in one transaction. */
  readonly transaction: ReadonlyArray<Captured>
  readonly code: string
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/** Captures one submission's statements. The first, a SELECT, runs outside the transaction. */
export const template: Effect.Effect<
  Template,
  Engine.InvalidInput | StorageError.StorageError | SqlError.SqlError,
  Engine.Engine | SqlClient.SqlClient
> = Effect.map(captureSubmit, ({ captured, code }): Template => {
  const dml = captured.filter((c) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(c.sql))
  const [first, ...rest] = dml
  return /^\s*SELECT\b/i.test(first?.sql ?? "")
    ? { before: [first!], transaction: rest, code }
    : { before: [], transaction: dml, code }
})

/** The parameters with the code and every UUID replaced by fresh ones. */
const fresh = (t: Template) => {
  const code = TicketCode.fromRandomBytes((b) => crypto.getRandomValues(b))
  const uuids = new Map<string, string>()
  const text = (s: string) =>
    s.split(t.code).join(code).replace(UUID, (u) => {
      let v = uuids.get(u)
      if (v === undefined) uuids.set(u, v = crypto.randomUUID())
      return v
    })
  const value = (v: unknown): unknown => (typeof v === "string" ? text(v) : Array.isArray(v) ? v.map(value) : v)
  return (c: Captured) => c.params.map(value)
}

/** One client: replays the submission until the deadline; each replay's latency in ms. */
export const replayClient = (t: Template, deadline: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const latencies: Array<number> = []
    let failures = 0
    let firstFailure: string | undefined
    while (Date.now() < deadline) {
      const params = fresh(t)
      const start = performance.now()
      const result = yield* Effect.result(Effect.gen(function*() {
        for (const c of t.before) yield* sql.unsafe(c.sql, params(c))
        yield* sql.withTransaction(Effect.forEach(t.transaction, (c) => sql.unsafe(c.sql, params(c)), { discard: true }))
      }))
      if (result._tag === "Failure") {
        failures++
        firstFailure ??= String(result.failure)
      } else latencies.push(performance.now() - start)
    }
    return { latencies, failures, firstFailure }
  })
