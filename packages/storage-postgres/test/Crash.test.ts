/**
 * Issue 5, "Proof that nothing is lost" — the crash test. An intake loop through the real
 * engine runs in a child process (fixtures/crashIntake.ts: web forms `crash-<n>` with an
 * e-mail contact, one after the other, each acknowledged on stdout only after `submit`
 * returned) and is killed with SIGKILL at a random moment after it acknowledged something,
 * then restarted from the first unacknowledged key — the one in flight, as a client would
 * retry it — many times (`SPORTELLO_CRASH_ROUNDS`, default 10; `SPORTELLO_CRASH_SEED`
 * replays the moments). Afterwards:
 *
 * - every acknowledged key is one ticket, with the acknowledged code, and no other key exists
 *   but the one in flight at the last kill;
 * - no half-written ticket: every event stream has its status, statistics fact and idempotency
 *   key, its status is at the stream's version, it has exactly one acknowledgement in the
 *   outbox; nothing (key, status, fact, worklist entry, timer, message) exists without events;
 * - the relay, run afterwards with a recording mailer, delivers every pending acknowledgement
 *   once: one per ticket, and nothing stays pending.
 *
 * On the PostgreSQL server (when `SPORTELLO_PG_URL` is set) in a schema of its own, and on
 * PGlite in a temporary data directory, which the parent opens only after the child is dead
 * (PGlite is one process).
 */
import { PGlite } from "@electric-sql/pglite"
import { describe, expect, it } from "@effect/vitest"
import { Mailer, Outbox, Relay } from "@sportello/core"
import { Clock, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "vitest"
import { Storage } from "../src/index.ts"
import { serverUrl } from "./support/backends.ts"
import * as Processes from "./support/processes.ts"
import * as ServerSchema from "./support/serverSchema.ts"

const ROUNDS = Number(process.env["SPORTELLO_CRASH_ROUNDS"] || 10)
const SEED = Number(process.env["SPORTELLO_CRASH_SEED"] || Math.floor(Math.random() * 2 ** 31))

/** mulberry32: the kill moments, reproducible from the seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Crashes {
  /** Acknowledged key → code. */
  readonly acknowledged: Map<string, string>
  /** The first key without an acknowledgement: the one in flight at the last kill. */
  readonly next: number
  /** Rounds killed while a `submit` was in flight (its `start` printed, its `ack` not). */
  readonly killedMidSubmit: number
  /** Restarts whose retried key had been registered before the kill. */
  readonly retriesFoundRegistered: number
}

/**
 * Starts the intake, kills it with SIGKILL at a random moment (0 to `maxDelayMs` after its
 * first acknowledgement), restarts it from the first unacknowledged key, `ROUNDS` times.
 */
const crashRepeatedly = (storage: object, maxDelayMs: number) =>
  Effect.promise(async (): Promise<Crashes> => {
    const delay = random(SEED)
    const acknowledged = new Map<string, string>()
    let next = 0
    let killedMidSubmit = 0
    let retriesFoundRegistered = 0
    for (let round = 0; round < ROUNDS; round++) {
      const child = Processes.run("crashIntake.ts", [JSON.stringify({ ...storage, first: next })])
      try {
        await child.waitFor((l) => l.startsWith("ack "))
        await new Promise((resolve) => setTimeout(resolve, Math.floor(delay() * maxDelayMs)))
      } finally {
        child.kill("SIGKILL")
      }
      const { code, signal } = await child.exited
      const where = `round ${round} (seed ${SEED})`
      expect(signal, `${where}: the intake ended by itself (exit code ${code})`).toBe("SIGKILL")
      const lines = child.lines.filter((l) => l !== "ready")
      expect(lines[0], `${where}: the restart retries the key in flight`).toBe(`start crash-${next}`)
      let acks = 0
      for (const line of lines) {
        const [kind, key, ticket, how] = line.split(" ")
        if (kind === "start") {
          expect(key, `${where}: keys are submitted in order`).toBe(`crash-${next}`)
        } else if (kind === "ack") {
          expect(key, `${where}: an acknowledgement for the key in flight`).toBe(`crash-${next}`)
          const before = acknowledged.get(key!)
          expect(before === undefined || before === ticket, `${where}: ${key} acknowledged as ${before}, then ${ticket}`).toBe(true)
          if (acks === 0 && how === "dup") retriesFoundRegistered++
          acknowledged.set(key!, ticket!)
          acks++
          next++
        } else {
          throw new Error(`${where}: unexpected output ${JSON.stringify(line)}`)
        }
      }
      expect(acks, `${where}: acknowledged something before the kill`).toBeGreaterThan(0)
      if (lines.at(-1)?.startsWith("start ")) killedMidSubmit++
    }
    return { acknowledged, next, killedMidSubmit, retriesFoundRegistered }
  })

/** What the storage holds that no complete ticket explains (a row per problem and ticket). */
const halfWritten = `
  WITH streams AS (SELECT ticket_id AS code, max(version) AS version FROM ticket_events GROUP BY ticket_id)
  SELECT 'stream without status' AS problem, code FROM streams WHERE NOT EXISTS (SELECT 1 FROM ticket_status s WHERE s.code = streams.code)
  UNION ALL SELECT 'stream without statistics fact', code FROM streams
    WHERE NOT EXISTS (SELECT 1 FROM statistics_facts f WHERE f.code = streams.code)
  UNION ALL SELECT 'stream without idempotency key', code FROM streams
    WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.ticket_id = streams.code)
  UNION ALL SELECT 'status not at the version of its stream', code FROM streams
    WHERE NOT EXISTS (SELECT 1 FROM ticket_status s WHERE s.code = streams.code AND s.version = streams.version)
  UNION ALL SELECT 'not exactly one acknowledgement', code FROM streams
    WHERE (SELECT count(*) FROM outbox o WHERE o.ticket_id = streams.code AND o.delivery_key = streams.code || ':ack:it') <> 1
  UNION ALL SELECT 'open ticket without worklist entry', s.code FROM ticket_status s
    WHERE s.view->>'state' <> 'closed' AND NOT EXISTS (SELECT 1 FROM worklist w WHERE w.code = s.code)
  UNION ALL SELECT 'idempotency key without events', ticket_id FROM idempotency_keys
    WHERE ticket_id NOT IN (SELECT code FROM streams)
  UNION ALL SELECT 'status without events', code FROM ticket_status WHERE code NOT IN (SELECT code FROM streams)
  UNION ALL SELECT 'statistics fact without events', code FROM statistics_facts WHERE code NOT IN (SELECT code FROM streams)
  UNION ALL SELECT 'worklist entry without events', code FROM worklist WHERE code NOT IN (SELECT code FROM streams)
  UNION ALL SELECT 'timer without events', ticket_id FROM timers WHERE ticket_id NOT IN (SELECT code FROM streams)
  UNION ALL SELECT 'message without events', ticket_id FROM outbox WHERE ticket_id NOT IN (SELECT code FROM streams)`

/** A mailer that keeps every message it is handed, repeats included. */
const recordingMailer = () => {
  const handed: Array<Mailer.Mail> = []
  const service: Mailer.Service = {
    send: (mail) =>
      Effect.map(Clock.currentTimeMillis, (acceptedAt) => {
        handed.push(mail)
        return { providerId: `rec-${handed.length}`, acceptedAt }
      })
  }
  return { service, handed }
}

/** Checks the storage after the crashes, then delivers the pending acknowledgements. */
const verify = (label: string, crashes: Crashes) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { acknowledged, next } = crashes
    const stored = new Map(
      (yield* sql<{ key: string; ticket_id: string }>`SELECT key, ticket_id FROM idempotency_keys WHERE channel = 'web-form'`)
        .map((r) => [r.key, r.ticket_id])
    )
    expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS)
    expect(acknowledged.size).toBe(next)
    // every acknowledged intake is there, as the ticket it was acknowledged as
    expect([...acknowledged].filter(([key, code]) => stored.get(key) !== code)).toEqual([])
    // and nothing else, but the key in flight at the last kill if its commit made it
    expect([...stored.keys()].filter((key) => !acknowledged.has(key) && key !== `crash-${next}`)).toEqual([])
    const [{ streams }] = (yield* sql<{ streams: number }>`SELECT count(DISTINCT ticket_id)::int AS streams FROM ticket_events`) as [
      { streams: number }
    ]
    expect(streams).toBe(stored.size)
    expect(new Set(stored.values()).size).toBe(stored.size)
    expect(yield* sql.unsafe(halfWritten)).toEqual([])

    // the relay delivers every pending acknowledgement, once
    const mailer = recordingMailer()
    const outbox = yield* Outbox.Outbox
    expect((yield* outbox.list({ state: "Pending" })).length).toBe(stored.size)
    let sent = 0
    while (true) {
      const delivered = yield* Relay.deliverDue({ limit: 500 }).pipe(Effect.provideService(Mailer.Mailer, mailer.service))
      expect(delivered.failed).toBe(0)
      if (delivered.sent === 0) break
      sent += delivered.sent
    }
    const keys = mailer.handed.map((m) => m.deliveryKey)
    expect(sent).toBe(stored.size)
    expect(keys.sort()).toEqual([...stored.values()].map((code) => `${code}:ack:it`).sort())
    expect(yield* outbox.list({ state: "Pending" })).toEqual([])
    console.log(
      `crash test on ${label} (seed ${SEED}): ${ROUNDS} kills, ${acknowledged.size} intakes acknowledged, ` +
        `${stored.size} tickets stored; ${crashes.killedMidSubmit} kills during a submit, ` +
        `${crashes.retriesFoundRegistered} retries found their ticket already registered; ${sent} acknowledgements delivered`
    )
    expect(crashes.killedMidSubmit, "some kills fell in the middle of a submit").toBeGreaterThan(0)
  })

describe.skipIf(!serverUrl)("Intake killed with SIGKILL (server)", () => {
  it.live("every acknowledged intake exists once, no ticket is half-written, every acknowledgement is delivered once", () =>
    Effect.gen(function*() {
      const url = serverUrl!
      const schema = yield* ServerSchema.migrated(url, "crash")
      const crashes = yield* crashRepeatedly({ backend: "server", url, schema }, 300)
      yield* verify("the server", crashes).pipe(
        Effect.provide(Layer.provideMerge(Storage.layer(), ServerSchema.client(url, schema))),
        Effect.orDie
      )
    }), 300_000)
})

describe("Intake killed with SIGKILL (PGlite in a data directory)", () => {
  it.live("every acknowledged intake exists once, no ticket is half-written, every acknowledgement is delivered once", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "sportello-crash-"))),
        (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
      )
      const dataDir = join(dir, "data")
      // a data directory made from the run's initdb template (support/globalSetup.ts), so that
      // the first child does not spend its round in initdb
      yield* Effect.promise(async () => {
        const db = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) })
        await db.close()
      })
      const crashes = yield* crashRepeatedly({ backend: "pglite", dataDir }, 500)
      // the child is dead: the data directory is the parent's now
      yield* verify("PGlite", crashes).pipe(Effect.provide(Storage.layerPglite({ dataDir })), Effect.orDie)
    }), 300_000)
})
