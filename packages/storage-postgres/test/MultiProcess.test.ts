/**
 * Issue 5, "Proof that nothing is lost": two engine processes (separate OS processes, each
 * `Engine.layer` on `Storage.layerServer`, fixtures/engineWorker.ts) share one PostgreSQL
 * server, in a schema of their own, and process the same N tickets (10,000 unless
 * `SPORTELLO_MULTIPROCESS_TICKETS` says otherwise):
 *
 * 1. Racing intake: both submit the same N web forms with the same idempotency keys, at the
 *    same time, in different orders, 8 at a time each. Exactly N tickets exist; each key is
 *    one ticket; both processes got the same code for it, exactly one of them as new; commits
 *    that lost the key to the other process left nothing behind.
 * 2. Every third ticket is classified complex and suspended awaiting documents (each process
 *    takes half of them): it gets an auto-close timer; the others keep at-risk and breach timers.
 * 3. Both run the engine's own loops (`Timers.runDue`, `Relay.deliverDue`, 4 fibers each),
 *    first with the clock after every at-risk instant and before any breach, then after every
 *    timer's instant; the mail provider is a recorder reached over HTTP. Every timer is claimed
 *    by one process exactly once and fires (an auto-close timer goes with the commit that closes
 *    its ticket); the recorder gets every outbox message's delivery key exactly once and
 *    nothing else; nothing is left pending; the suspended tickets are closed as
 *    "documents-not-received", the others are open and got their breach warning; both
 *    processes did part of the work (the split is printed).
 *
 * Server only: PGlite is one process.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as MailRecorder from "./support/mailRecorder.ts"
import * as Processes from "./support/processes.ts"
import * as ServerSchema from "./support/serverSchema.ts"
import { serverUrl } from "./support/backends.ts"

const N = Number(process.env["SPORTELLO_MULTIPROCESS_TICKETS"] || 10_000)
/** Below this many tickets one process may legitimately find all the work before the other. */
const SHARE_EXPECTED_FROM = 1_000
const seed = Number(process.env["SPORTELLO_MULTIPROCESS_SEED"] || Math.floor(Math.random() * 2 ** 31))
/** When the tickets arrive: a Monday morning, in service hours (every run the same calendar). */
const BASE = Date.parse("2027-09-06T09:00:00+02:00")
const NAMES = ["A", "B"] as const

interface Intake {
  readonly tickets: Map<string, { readonly code: string; readonly isNew: boolean }>
  readonly ticketLines: number
  readonly races: number
  readonly suspended: Map<string, string>
}

const parseIntake = (lines: ReadonlyArray<string>): Intake => {
  const tickets = new Map<string, { code: string; isNew: boolean }>()
  const suspended = new Map<string, string>()
  let ticketLines = 0
  let races = 0
  for (const line of lines) {
    const [kind, key, code, how] = line.split(" ")
    if (kind === "ticket") {
      ticketLines++
      tickets.set(key!, { code: code!, isNew: how === "new" })
    } else if (kind === "race") races++
    else if (kind === "suspended") suspended.set(key!, code!)
  }
  return { tickets, ticketLines, races, suspended }
}

interface Sweep {
  readonly timers: Array<string>
  readonly fired: { readonly warnings: number; readonly breaches: number; readonly closed: number }
  readonly delivered: { readonly sent: number; readonly failed: number }
}

const parseSweep = (lines: ReadonlyArray<string>): Sweep => {
  const timers: Array<string> = []
  let fired = { warnings: -1, breaches: -1, closed: -1 }
  let delivered = { sent: -1, failed: -1 }
  for (const line of lines) {
    const [kind, ...rest] = line.split(" ")
    if (kind === "timer") timers.push(rest[0]!)
    if (kind === "fired") fired = { warnings: Number(rest[0]), breaches: Number(rest[1]), closed: Number(rest[2]) }
    if (kind === "delivered") delivered = { sent: Number(rest[0]), failed: Number(rest[1]) }
  }
  return { timers, fired, delivered }
}

/** Runs one worker per name with the given arguments, starts them together, waits for both. */
const together = (args: (name: (typeof NAMES)[number], index: 0 | 1) => object) =>
  Effect.promise(async () => {
    const children = NAMES.map((name, index) =>
      Processes.run("engineWorker.ts", [JSON.stringify({ ...args(name, index as 0 | 1), name })])
    )
    try {
      await Promise.all(children.map((c) => c.waitFor((l) => l === "ready")))
      const started = Date.now()
      for (const c of children) c.send("go")
      await Promise.all(children.map((c, i) => Processes.succeeded(c, `engine process ${NAMES[i]}`)))
      const ms = Date.now() - started
      const cpu = children.map((c) => Number(c.lines.find((l) => l.startsWith("done "))?.split(" ")[2]))
      return { lines: children.map((c) => c.lines), ms, cpu: `CPU of the processes ${cpu.map((n) => `${n} ms`).join(" and ")}` }
    } finally {
      for (const c of children) c.kill("SIGKILL")
    }
  })

/** How many times each value occurs. */
const counts = (values: Iterable<string>): Map<string, number> => {
  const m = new Map<string, number>()
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1)
  return m
}

const repeated = (values: Iterable<string>): Array<string> => [...counts(values)].filter(([, n]) => n > 1).map(([v]) => v)

describe.skipIf(!serverUrl)("Two engine processes on one PostgreSQL server", () => {
  it.live(`race the same ${N} intakes, then share their timers and outbox: every timer once, every message once`, () =>
    Effect.gen(function*() {
      const url = serverUrl!
      const schema = yield* ServerSchema.migrated(url, "multiprocess")
      const recorder = yield* Effect.acquireRelease(Effect.promise(MailRecorder.start), (r) => Effect.promise(r.close))
      const report: Array<string> = [`N = ${N}, seed ${seed} (SPORTELLO_MULTIPROCESS_SEED), schema ${schema}`]
      const started = Date.now()

      yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const count = (query: string) => Effect.map(sql.unsafe<{ n: number }>(`SELECT count(*)::int AS n FROM ${query}`), (r) => r[0]!.n)
        const keys = Array.from({ length: N }, (_, i) => `mp-${i}`)

        // ---- 1. racing intake, 2. suspensions --------------------------------------------
        const phase1 = yield* together((_, index) => ({
          mode: "intake",
          url,
          schema,
          now: BASE,
          n: N,
          seed: seed + index,
          concurrency: 8,
          share: index
        }))
        const [a, b] = phase1.lines.map(parseIntake) as [Intake, Intake]
        report.push(`intake and suspensions: ${phase1.ms} ms (${phase1.cpu}); commits that lost the key to the other process: A ${a.races}, B ${b.races}`)
        for (const child of [a, b]) {
          expect(child.ticketLines).toBe(N)
          expect([...child.tickets.keys()].sort()).toEqual([...keys].sort())
        }
        const codeOf = new Map<string, string>()
        const differing: Array<string> = []
        const notOnceNew: Array<string> = []
        for (const key of keys) {
          const [x, y] = [a.tickets.get(key)!, b.tickets.get(key)!]
          if (x.code !== y.code) differing.push(key)
          if (Number(x.isNew) + Number(y.isNew) !== 1) notOnceNew.push(key)
          codeOf.set(key, x.code)
        }
        expect(differing, "keys for which the two processes got different codes").toEqual([])
        expect(notOnceNew, "keys not created exactly once").toEqual([])
        expect(new Set(codeOf.values()).size).toBe(N)
        if (N >= SHARE_EXPECTED_FROM) {
          expect(a.races + b.races, "some commits really raced for a key").toBeGreaterThan(0)
          expect([...a.tickets.values()].filter((t) => t.isNew).length).toBeGreaterThan(0)
          expect([...b.tickets.values()].filter((t) => t.isNew).length).toBeGreaterThan(0)
        }
        report.push(
          `tickets created: A ${[...a.tickets.values()].filter((t) => t.isNew).length}, B ${
            [...b.tickets.values()].filter((t) => t.isNew).length
          }`
        )
        const stored = yield* sql<{ key: string; ticket_id: string }>`SELECT key, ticket_id FROM idempotency_keys`
        expect(stored.length).toBe(N)
        expect(stored.filter((r) => codeOf.get(r.key) !== r.ticket_id)).toEqual([])
        expect(yield* count("(SELECT DISTINCT ticket_id FROM ticket_events) s")).toBe(N)
        expect(yield* count("ticket_status")).toBe(N)
        expect(yield* count("statistics_facts")).toBe(N)
        // a commit that lost its key left no events, status, fact, timer or message behind
        expect(
          yield* count(`(SELECT ticket_id AS code FROM ticket_events UNION SELECT code FROM ticket_status
            UNION SELECT code FROM statistics_facts UNION SELECT ticket_id FROM timers UNION SELECT ticket_id FROM outbox) t
            WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.ticket_id = t.code)`)
        ).toBe(0)
        expect(yield* count(`outbox WHERE delivery_key = ticket_id || ':ack:it'`)).toBe(N)

        const suspendedKeys = keys.filter((_, i) => i % 3 === 0)
        const open = keys.filter((_, i) => i % 3 !== 0)
        expect([...a.suspended.keys(), ...b.suspended.keys()].sort()).toEqual([...suspendedKeys].sort())
        expect([...a.suspended, ...b.suspended].filter(([key, code]) => codeOf.get(key) !== code)).toEqual([])
        expect(yield* count(`ticket_status WHERE view->>'state' = 'awaiting-documents'`)).toBe(suspendedKeys.length)

        // ---- the timers to fire ------------------------------------------------------------
        const timers = yield* sql<{ key: string; ticket_id: string; kind: string; due_at: Date }>`
          SELECT key, ticket_id, kind, due_at FROM timers WHERE fired_at IS NULL`
        expect(yield* count("timers WHERE fired_at IS NOT NULL")).toBe(0)
        const ofKind = (kind: string) => timers.filter((t) => t.kind === kind)
        const kindsOf = (code: string) => timers.filter((t) => t.ticket_id === code).map((t) => t.kind).sort()
        expect(suspendedKeys.filter((k) => kindsOf(codeOf.get(k)!).join() !== "auto-close")).toEqual([])
        expect(open.filter((k) => kindsOf(codeOf.get(k)!).join() !== "at-risk,breach")).toEqual([])
        const latest = (ts: ReadonlyArray<{ due_at: Date }>) => Math.max(...ts.map((t) => t.due_at.getTime()))
        const earliest = (ts: ReadonlyArray<{ due_at: Date }>) => Math.min(...ts.map((t) => t.due_at.getTime()))
        const atRiskTime = latest(ofKind("at-risk")) + 1_000
        const lastTime = latest(timers) + 1_000
        // with room for the sweep's own duration, the first sweep fires the at-risk timers only
        expect(atRiskTime + 600_000).toBeLessThan(Math.min(earliest(ofKind("breach")), earliest(ofKind("auto-close"))))
        report.push(
          `timers: ${ofKind("at-risk").length} at-risk, ${ofKind("breach").length} breach, ${ofKind("auto-close").length} auto-close; ` +
            `sweeps at ${new Date(atRiskTime).toISOString()} and ${new Date(lastTime).toISOString()}`
        )

        // ---- 3. both processes sweep ---------------------------------------------------------
        const sweep = (now: number) =>
          together(() => ({ mode: "sweep", url, schema, now, recorderUrl: recorder.url, loops: 4, idleMs: 1_000 }))
        const claimedBy = new Map<string, Array<string>>()
        const deliveredBefore = () => recorder.deliveries.length
        const split = (label: string, result: { lines: Array<Array<string>>; ms: number; cpu: string }, from: number) => {
          const sweeps = result.lines.map(parseSweep)
          sweeps.forEach((s, i) => {
            for (const key of s.timers) claimedBy.set(key, [...(claimedBy.get(key) ?? []), NAMES[i]!])
            expect(s.delivered.failed).toBe(0)
          })
          const handed = recorder.deliveries.slice(from)
          const line = NAMES.map((name, i) =>
            `${name} claimed ${sweeps[i]!.timers.length} timers and delivered ${handed.filter((d) => d.sender === name).length} messages`
          )
          report.push(`${label}: ${result.ms} ms (${result.cpu}); ${line.join("; ")}`)
          if (N >= SHARE_EXPECTED_FROM) {
            for (const [i, s] of sweeps.entries()) {
              expect(s.timers.length, `timers claimed by ${NAMES[i]}`).toBeGreaterThan(0)
              expect(handed.filter((d) => d.sender === NAMES[i]).length, `messages delivered by ${NAMES[i]}`).toBeGreaterThan(0)
            }
          }
          return sweeps
        }
        /** The recorder got every outbox message exactly once, and nothing else; nothing is pending. */
        const everyMessageOnce = Effect.gen(function*() {
          const outbox = yield* sql<{ delivery_key: string; status: string; attempts: number; provider_id: string | null }>`
            SELECT delivery_key, status, attempts, provider_id FROM outbox`
          const recorded = new Map(recorder.deliveries.map((d) => [d.deliveryKey, d.providerId]))
          expect(repeated(recorder.deliveries.map((d) => d.deliveryKey)), "delivery keys handed over twice").toEqual([])
          expect([...recorded.keys()].sort()).toEqual(outbox.map((r) => r.delivery_key).sort())
          expect(outbox.filter((r) => r.status !== "sent" || r.attempts !== 1 || r.provider_id !== recorded.get(r.delivery_key)))
            .toEqual([])
          return outbox.length
        })

        const fromFirst = deliveredBefore()
        const atRisk = split("sweep 1 (at-risk)", yield* sweep(atRiskTime), fromFirst)
        expect([...claimedBy].filter(([, by]) => by.length !== 1), "timers claimed more than once").toEqual([])
        expect([...claimedBy.keys()].sort()).toEqual(ofKind("at-risk").map((t) => t.key).sort())
        expect(atRisk.reduce((n, s) => n + s.fired.warnings, 0)).toBe(ofKind("at-risk").length)
        expect(yield* count("timers WHERE fired_at IS NOT NULL")).toBe(ofKind("at-risk").length)
        expect(yield* everyMessageOnce).toBe(N + suspendedKeys.length + ofKind("at-risk").length)

        const fromSecond = deliveredBefore()
        const last = split("sweep 2 (breach, auto-close)", yield* sweep(lastTime), fromSecond)
        const twice = [...claimedBy].filter(([, by]) => by.length !== 1)
        expect(twice, "timers claimed more than once").toEqual([])
        expect([...claimedBy.keys()].sort()).toEqual(timers.map((t) => t.key).sort())
        expect(last.reduce((n, s) => n + s.fired.breaches, 0)).toBe(ofKind("breach").length)
        expect(last.reduce((n, s) => n + s.fired.closed, 0)).toBe(suspendedKeys.length)
        expect(yield* count("timers WHERE fired_at IS NULL")).toBe(0)
        // closing a ticket replaces its unfired timers: the auto-close timer being fired goes with it
        const left = new Set((yield* sql<{ key: string }>`SELECT key FROM timers`).map((r) => r.key))
        expect(timers.filter((t) => !left.has(t.key) && t.kind !== "auto-close")).toEqual([])

        const messages = yield* everyMessageOnce
        const keysLike = (pattern: RegExp) => recorder.deliveries.filter((d) => pattern.test(d.deliveryKey)).length
        expect(keysLike(/:ack:it$/)).toBe(N)
        expect(keysLike(/:\d+:documents$/)).toBe(suspendedKeys.length)
        expect(keysLike(/:\d+:documents-not-received$/)).toBe(suspendedKeys.length)
        expect(keysLike(/:at-risk:\d+:/)).toBe(ofKind("at-risk").length)
        expect(keysLike(/:breach:\d+:/)).toBe(open.length)
        expect(messages).toBe(N + 2 * suspendedKeys.length + ofKind("at-risk").length + open.length)
        const breachWarned = new Set(recorder.deliveries.filter((d) => /:breach:/.test(d.deliveryKey)).map((d) => d.deliveryKey.split(":")[0]))

        // ---- every ticket where it should be -------------------------------------------------
        const status = new Map(
          (yield* sql<{ code: string; state: string; outcome: string | null; listed: string | null }>`
            SELECT s.code, s.view->>'state' AS state, s.view->>'outcome' AS outcome, w.status AS listed
            FROM ticket_status s LEFT JOIN worklist w ON w.code = s.code`).map((r) => [r.code, r])
        )
        expect(
          suspendedKeys.filter((k) => {
            const s = status.get(codeOf.get(k)!)
            return s?.state !== "closed" || s.outcome !== "documents-not-received" || s.listed !== null
          })
        ).toEqual([])
        expect(
          open.filter((k) => {
            const s = status.get(codeOf.get(k)!)
            return s?.state !== "in-progress" || s.listed !== "open" || !breachWarned.has(codeOf.get(k)!)
          })
        ).toEqual([])
        expect(yield* count(`statistics_facts WHERE closed AND outcome = 'documents-not-received'`)).toBe(suspendedKeys.length)
        report.push(`messages delivered: ${messages}`)
      }).pipe(
        Effect.provide(ServerSchema.client(url, schema)),
        Effect.orDie,
        // the figures so far, also when an assertion failed
        Effect.ensuring(Effect.sync(() =>
          console.log(`multi-process proof\n  ${[...report, `whole run ${Date.now() - started} ms`].join("\n  ")}`)
        ))
      )
    }), 600_000)
})
