/**
 * A store of N tickets (1,000,000 by default), seeded fast and honestly:
 *
 * 1. **Templates through the real engine.** A few hundred requests (web form and e-mail, Italian
 *    text, some with a declared language, a few with emergency words) are received over the
 *    year before the seed's "now" — the Clock moved by hand to each instant — and handled as a
 *    contact center does: most classified and answered within days (some late), some
 *    classified complex and answered within weeks, some suspended awaiting documents (which
 *    arrive, or the auto-close timer closes the ticket), some withdrawn, some left in a backlog
 *    until their breach timers fire. Timers and the outbox are swept three times each working
 *    day (`Timers.runDue`, `Relay.deliverDue` to an in-memory mailer), so fired timers and sent
 *    messages look as they would. Whatever is due after "now" has not happened yet: the recent
 *    tickets are the open ones.
 * 2. **Replication in SQL.** Every row the store wrote for a template — in ticket_events,
 *    ticket_status, worklist, statistics_facts, timers, idempotency_keys, outbox and
 *    attachment_owners — is copied N/T − 1 times with `INSERT … SELECT` from a table of replicas,
 *    rewriting, consistently in every table and inside the JSON: the ticket code (a fresh,
 *    valid, random code per replica), every UUID (message ids, submission ids, e-mail
 *    Message-IDs: a deterministic new UUID per replica) and every instant (timestamptz columns
 *    and epoch-millisecond numbers inside text and JSON, timer keys included), shifted by the
 *    replica's offset. Offsets lie within the 6 hours before the template, so the copies of a
 *    template spread its receipt over 6 hours (one ticket every ~30 s over the year at 1M) and
 *    keep its fate. All the templates' instants are at 08:00 local time or later (or at
 *    midnight deadlines, whose dates are written as the day before): shifted back by under 6 h
 *    they keep their local date, so the dates written in the rows (receivedOn, closedOn,
 *    expectedAnswerBy, …) stay right without rewriting; the checks after the copy verify it.
 *    Columns are found from the catalogue, so columns added by later migrations are copied too
 *    (timestamptz shifted, text and JSON rewritten, others as they are).
 * 3. The maintained statistics counters are recomputed (`SqlStatistics.rebuild`), then
 *    `VACUUM (ANALYZE)`: a store a year old has been vacuumed and
 *    analysed by autovacuum, and a vacuum running during the measurements would disturb them.
 */
import { Engine, Mailer, Outbox, Relay, TicketCode, TicketStore, Timers } from "@sportello/core"
import { SqlStatistics } from "@sportello/storage-postgres"
import { Clock, Effect } from "effect"
import { SqlClient } from "effect/sql"
import { addDays, fmt, instantAt, local, manualClock, seconds, seeded, weekdayOf } from "./common.ts"
import { subjects, webForm } from "./intake.ts"

type Log = (line: string) => void

/** The tables a commit writes one or more rows per ticket into: these are replicated. */
export const replicatedTables = [
  "ticket_events",
  "ticket_status",
  "worklist",
  "statistics_facts",
  "timers",
  "idempotency_keys",
  "outbox",
  "attachment_owners"
] as const

/** Receipts are spread over this window before each template. */
const SHIFT_WINDOW_MS = 6 * 3_600_000 - 60_000

// -----------------------------------------------------------------------------
// 1. templates through the engine
// -----------------------------------------------------------------------------

const topics = [
  "piani-di-emergenza",
  "allerta-meteo",
  "volontariato",
  "contributi-danni",
  "incendi-boschivi",
  "rischio-sismico",
  "esercitazioni",
  "servizi-di-allerta"
]

const fates = {
  answered: 62,
  complex: 10,
  documentsReceived: 6,
  documentsExpired: 6,
  withdrawn: 4,
  backlog: 6,
  unclassifiedAnswered: 6
} as const
type Fate = keyof typeof fates

/** The seed's "now": 00:30 local time today, so that every working-day action lies before it. */
export const seedNowOf = (wallClock: number): number => {
  const today = local(wallClock).date
  const t = instantAt(today, 30)
  return t <= wallClock ? t : instantAt(addDays(today, -1), 30)
}

interface Step {
  readonly at: number
  readonly order: number
  readonly run: Effect.Effect<void, never, Engine.Engine | Mailer.Mailer | TicketStore.TicketStore | Outbox.Outbox>
}

const operator = (n: number) => ({ _tag: "Operator", id: `op-${n}` }) as const

/**
 * Writes `count` template tickets through the engine over the year before `seedNow`; returns
 * their codes and receipt instants (index = template number).
 */
export const templates = (count: number, seedNow: number, log: Log) =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const clock = manualClock()
    const mailer = Mailer.makeMemory()
    const rnd = seeded(20_270_901)
    const today = local(seedNow).date
    const first = addDays(today, -365)
    const codes: Array<string> = new Array(count)
    const received: Array<number> = new Array(count)
    const steps: Array<Step> = []
    let order = 0
    let refused = 0
    let firstRefusal: string | undefined
    const push = (at: number, run: Step["run"]) => steps.push({ at, order: order++, run })

    /** A working-day instant (09:00–17:30) `days` working days after `after`, strictly later. */
    const workingAt = (after: number, days: number): number => {
      let date = local(after).date
      let left = days
      for (;;) {
        if (weekdayOf(date) !== 0 && weekdayOf(date) !== 6) {
          if (left <= 0) {
            const t = instantAt(date, 9 * 60 + rnd.int(0, 510))
            if (t > after) return t
          }
          left--
        }
        date = addDays(date, 1)
      }
    }

    const act = (i: number, command: Record<string, unknown>, options?: Engine.ActOptions) =>
      Effect.suspend(() => engine.act(codes[i]!, command, options)).pipe(
        Effect.asVoid,
        Effect.catch((e) =>
          Effect.sync(() => {
            refused++
            firstRefusal ??= `${String(command["_tag"])}: ${String(e)}`
          })
        )
      )

    for (let i = 0; i < count; i++) {
      const day = Math.min(364, Math.floor(((i + rnd.next()) * 365) / count))
      const date = addDays(first, day)
      // Requests come in from 08:00 to 22:00, more in office hours.
      const minutes = rnd.next() < 0.7 ? rnd.int(9 * 60, 18 * 60) : rnd.int(8 * 60, 22 * 60)
      const at = instantAt(date, minutes)
      received[i] = at
      const email = rnd.next() < 0.3
      const declared = !email && rnd.next() < 0.4
      const form = webForm(crypto.randomUUID())
      const urgent = i % 50 === 7
      const content = {
        ...form.content,
        ...(urgent ? { text: `${form.content.text} Inoltre da ieri sera sentiamo odore di gas nel palazzo.` } : {}),
        ...(declared ? { language: "it" } : {})
      }
      const submission = email
        ? { ...form, channel: "email", idempotencyKey: `<${crypto.randomUUID()}@posta.example.it>`, content }
        : { ...form, content }
      push(
        at,
        Effect.suspend(() => engine.submit(submission)).pipe(
          Effect.tap((s) => Effect.sync(() => void (codes[i] = s.code))),
          Effect.orDie,
          Effect.asVoid
        )
      )
      const topic = topics[subjects.findIndex(([s]) => s === form.content.subject)] ?? topics[0]!
      const op = operator(rnd.int(1, 20))
      const fate: Fate = rnd.weighted(fates)
      let t = at
      const then = (days: number, command: Record<string, unknown>, options?: Engine.ActOptions) => {
        t = workingAt(t, days)
        push(t, act(i, command, options))
      }
      const answer = () => ({ _tag: "Answer", by: op, via: "email", language: "it" })
      const answerText = { text: "Gentile utente, trova le informazioni richieste sul sito del Dipartimento, alla pagina indicata. Cordiali saluti." }
      const classify = (complexity: "quick-search" | "complex") => ({
        _tag: "Classify",
        by: op,
        complexity,
        topic,
        why: complexity === "complex" ? "serve il parere di un ufficio tecnico" : "informazione disponibile"
      })
      switch (fate) {
        case "answered":
          then(rnd.int(0, 1), classify("quick-search"))
          then(rnd.next() < 0.9 ? rnd.int(0, 4) : rnd.int(7, 12), answer(), answerText)
          break
        case "unclassifiedAnswered":
          then(rnd.int(0, 3), answer(), answerText)
          break
        case "complex":
          then(rnd.int(0, 1), classify("complex"))
          then(rnd.int(10, 30), answer(), answerText)
          break
        case "documentsReceived":
          // only a term of 40 days can be suspended: such requests are complex
          then(rnd.int(0, 1), classify("complex"))
          then(rnd.int(0, 1), { _tag: "Suspend", by: op, reason: "awaiting-documents" }, { text: "copia della domanda presentata al comune" })
          then(rnd.int(3, 10), { _tag: "Resume", by: op, via: "email", evidence: "documenti ricevuti per e-mail" })
          then(rnd.int(1, 3), answer(), answerText)
          break
        case "documentsExpired":
          then(rnd.int(0, 1), classify("complex"))
          then(rnd.int(0, 1), { _tag: "Suspend", by: op, reason: "awaiting-documents" }, { text: "planimetria dell'edificio" })
          break
        case "withdrawn":
          then(rnd.int(1, 4), { _tag: "Close", by: op, outcome: "withdrawn", note: "il cittadino ha ritirato la richiesta" })
          break
        case "backlog":
          then(rnd.int(0, 1), { _tag: "Assign", by: op, operator: op.id })
          then(rnd.int(15, 45), answer(), answerText)
          break
      }
    }

    // Timers and the outbox are swept at 09:05, 13:05 and 17:05 of every working day.
    const sweep = Effect.gen(function*() {
      for (;;) {
        const fired = yield* Timers.runDue({ limit: 500 })
        if (fired.warnings + fired.breaches + fired.closed === 0) break
      }
      for (;;) {
        const sent = yield* Relay.deliverDue({ limit: 500 })
        if (sent.sent + sent.failed === 0) break
      }
    }).pipe(Effect.orDie)
    for (let date = first; date < today; date = addDays(date, 1)) {
      const weekday = weekdayOf(date)
      if (weekday === 0 || weekday === 6) continue
      for (const minutes of [9 * 60 + 5, 13 * 60 + 5, 17 * 60 + 5]) push(instantAt(date, minutes), sweep)
    }

    const due = steps.filter((s) => s.at < seedNow).sort((a, b) => a.at - b.at || a.order - b.order)
    const started = performance.now()
    for (const step of due) {
      clock.set(step.at)
      yield* step.run.pipe(Effect.provideService(Clock.Clock, clock.clock), Effect.provideService(Mailer.Mailer, mailer))
    }
    log(
      `  ${fmt(count)} templates through the engine: ${fmt(due.length)} steps (receipts, actions, sweeps) up to ${
        new Date(seedNow).toISOString()
      } in ${seconds(performance.now() - started)}; ${refused} actions refused${firstRefusal === undefined ? "" : ` (first: ${firstRefusal})`}`
    )
    return { codes, received, refused, seconds: (performance.now() - started) / 1000 }
  })

// -----------------------------------------------------------------------------
// 2. replication in SQL
// -----------------------------------------------------------------------------

interface Column {
  readonly name: string
  readonly type: string
  readonly kind: "shift" | "rewrite" | "copy"
}

const CODE = /[0-9A-Z]{3}(?:-[0-9A-Z]{3}){4}/
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
// Epoch milliseconds from 2020-09 to 2033-05, not part of a longer number.
const INSTANT = /(?<![0-9.])1[6-9][0-9]{11}(?![0-9.])/
const TOKENS = new RegExp(`(${CODE.source})|(${UUID.source})|(${INSTANT.source})`, "g")

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * A text as a `format()` string: %1$s is the replica's code, then its UUIDs, then its
 * instants (the row's lists, shared by its columns).
 */
const toFormat = (text: string, code: string, uuids: Array<string>, instants: Array<string>) =>
  text.replace(/%/g, "%%").replace(TOKENS, (match, isCode: string | undefined, isUuid: string | undefined) => {
    if (isCode !== undefined) {
      if (match !== code) throw new Error(`a row of ticket ${code} mentions the code ${match}: cannot replicate it`)
      return "%1$s"
    }
    if (isUuid !== undefined) {
      let j = uuids.indexOf(match)
      if (j < 0) j = uuids.push(match) - 1
      return `%${2 + j}$s`
    }
    let j = instants.indexOf(match)
    if (j < 0) j = instants.push(match) - 1
    return `\u0000${j}\u0000` // numbered once the row's UUID count is known (texts from PostgreSQL hold no NUL)
  }).replace(/\u0000(\d+)\u0000/g, (_m, j: string) => `%${2 + uuids.length + Number(j)}$s`)

/** Prepares one table's template rows as `bench_tpl_<table>`; returns the INSERT … SELECT. */
const prepareTable = (table: string, templateOf: ReadonlyMap<string, number>, log: Log) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const columns = (yield* sql<{ name: string; type: string }>`
      SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_attribute a
      WHERE a.attrelid = to_regclass(${table}) AND a.attnum > 0 AND NOT a.attisdropped
        AND a.attidentity = '' AND a.attgenerated = ''
      ORDER BY a.attnum`).map((c): Column => ({
      ...c,
      kind: c.type === "timestamp with time zone" ? "shift" : /^(text|jsonb|json|character varying.*)$/.test(c.type) ? "rewrite" : "copy"
    }))
    if (columns.length === 0) return undefined
    const rows = yield* sql.unsafe<Record<string, string | null>>(
      `SELECT ${columns.map((c) => `${quote(c.name)}::text AS ${quote(c.name)}`).join(", ")} FROM ${quote(table)}`
    )
    // Each row belongs to the template whose code it mentions.
    const prepared: Array<{ t: number; uuids: Array<string>; instants: Array<string>; values: Array<string | null> }> = []
    let skipped = 0
    for (const row of rows) {
      let code: string | undefined
      for (const c of columns) {
        const found = c.kind === "rewrite" ? row[c.name]?.match(CODE)?.[0] : undefined
        if (found !== undefined && templateOf.has(found)) {
          code = found
          break
        }
      }
      if (code === undefined) {
        skipped++
        continue
      }
      const uuids: Array<string> = []
      const instants: Array<string> = []
      // UUIDs first (their count numbers the instants' placeholders), then the texts.
      for (const c of columns) {
        if (c.kind === "rewrite") for (const u of row[c.name]?.match(new RegExp(UUID.source, "g")) ?? []) if (!uuids.includes(u)) uuids.push(u)
      }
      const values = columns.map((c) =>
        row[c.name] === null ? null : c.kind === "rewrite" ? toFormat(row[c.name]!, code, uuids, instants) : row[c.name]!
      )
      prepared.push({ t: templateOf.get(code)!, uuids, instants, values })
    }
    if (skipped > 0) log(`  ${table}: ${skipped} rows mention no template ticket and are not replicated`)
    if (prepared.length === 0) return undefined
    // Rows have different numbers of UUIDs: a row's instants follow its own UUIDs, so the
    // argument list is per row — built as one array: [code, uuids…, instants…].
    yield* sql.unsafe(`DROP TABLE IF EXISTS ${quote(`bench_tpl_${table}`)}`)
    yield* sql.unsafe(`CREATE TABLE ${quote(`bench_tpl_${table}`)} (t int NOT NULL, u text[] NOT NULL, i bigint[] NOT NULL, ${
      columns.map((c) => `${quote(`c_${c.name}`)} text`).join(", ")
    })`)
    // As one JSON document: the driver cannot type a parameter array that holds only nulls.
    const json = JSON.stringify(prepared.map((p) => ({
      t: p.t,
      u: p.uuids.join(","),
      i: p.instants.join(","),
      ...Object.fromEntries(columns.map((_, j) => [`c${j}`, p.values[j]]))
    })))
    yield* sql.unsafe(
      `INSERT INTO ${quote(`bench_tpl_${table}`)}
       SELECT x.t, string_to_array(x.u, ','), string_to_array(x.i, ',')::bigint[], ${columns.map((_, j) => `x.c${j}`).join(", ")}
       FROM jsonb_to_recordset($1::jsonb) AS x(t int, u text, i text, ${columns.map((_, j) => `c${j} text`).join(", ")})`,
      [json]
    )
    const maxUuids = Math.max(0, ...prepared.map((p) => p.uuids.length))
    const maxInstants = Math.max(0, ...prepared.map((p) => p.instants.length))
    // Per row: [code, its uuids (rewritten), its instants (shifted)], as format() arguments.
    const args = `array_cat(array_cat(ARRAY[r.code],
        ARRAY(SELECT bench_uuid(u, r.n) FROM unnest(t.u) AS u)),
        ARRAY(SELECT (x + r.off)::text FROM unnest(t.i) AS x))`
    const select = columns.map((c) => {
      const v = `t.${quote(`c_${c.name}`)}`
      return c.kind === "shift"
        ? `${v}::timestamptz + r.off * interval '1 millisecond'`
        : c.kind === "rewrite"
        ? `format(${v}, VARIADIC a.args)::${c.type}`
        : `${v}::${c.type}`
    })
    const statement = `
      INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(", ")})
      SELECT ${select.join(", ")}
      FROM bench_replicas r
      JOIN ${quote(`bench_tpl_${table}`)} t ON t.t = r.t
      CROSS JOIN LATERAL (SELECT ${args} AS args) a
      WHERE r.n BETWEEN $1 AND $2`
    return { table, statement, rows: prepared.length, maxUuids, maxInstants }
  })

/** A fresh, valid ticket code per replica, none equal to another or to a template's. */
const freshCodes = (count: number, taken: ReadonlySet<string>): Array<string> => {
  const seen = new Set(taken)
  const codes: Array<string> = []
  while (codes.length < count) {
    const code = TicketCode.fromRandomBytes((b) => crypto.getRandomValues(b))
    if (!seen.has(code)) {
      seen.add(code)
      codes.push(code)
    }
  }
  return codes
}

export interface Replication {
  readonly codes: ReadonlyArray<string>
  readonly seconds: number
  readonly tables: ReadonlyArray<{ readonly table: string; readonly templateRows: number }>
}

/**
 * Copies the templates' rows until the store holds `total` tickets (see the module's
 * description). Returns every ticket code (templates first).
 */
export const replicate = (templateCodes: ReadonlyArray<string>, received: ReadonlyArray<number>, total: number, log: Log) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const started = performance.now()
    const T = templateCodes.length
    const R = Math.max(0, total - T)
    const templateOf = new Map(templateCodes.map((c, i) => [c, i]))

    // Replicas numbered in the order of their receipt, copied in batches of consecutive numbers,
    // so that the tables fill roughly in time order (as a year of intake would fill them).
    const replicas: Array<{ t: number; off: number; at: number }> = []
    for (let t = 0; t < T; t++) {
      const n = Math.floor(R / T) + (t < R % T ? 1 : 0)
      for (let k = 1; k <= n; k++) {
        const off = -Math.round((k * SHIFT_WINDOW_MS) / (n + 1))
        replicas.push({ t, off, at: received[t]! + off })
      }
    }
    replicas.sort((a, b) => a.at - b.at)
    const codes = freshCodes(R, new Set(templateCodes))

    yield* sql.unsafe(`CREATE OR REPLACE FUNCTION bench_uuid(u text, n int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
      SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)
      FROM md5(u || ':' || n) AS h $$`)
    yield* sql.unsafe(`DROP TABLE IF EXISTS bench_replicas`)
    yield* sql.unsafe(`CREATE TABLE bench_replicas (n int PRIMARY KEY, t int NOT NULL, code text NOT NULL, off bigint NOT NULL)`)
    const CHUNK = 50_000
    for (let lo = 0; lo < R; lo += CHUNK) {
      const part = replicas.slice(lo, lo + CHUNK)
      yield* sql`
        INSERT INTO bench_replicas (n, t, code, off)
        SELECT * FROM unnest(${part.map((_, j) => lo + j + 1)}::int[], ${part.map((r) => r.t)}::int[],
          ${codes.slice(lo, lo + CHUNK)}::text[], ${part.map((r) => r.off)}::bigint[])`
    }
    yield* sql.unsafe(`ANALYZE bench_replicas`)

    const statements = []
    for (const table of replicatedTables) {
      const prepared = yield* prepareTable(table, templateOf, log)
      if (prepared !== undefined) {
        yield* sql.unsafe(`ANALYZE ${quote(`bench_tpl_${table}`)}`)
        statements.push(prepared)
      }
    }
    log(`  copying ${statements.map((s) => `${s.table} (${fmt(s.rows)} rows)`).join(", ")} for ${fmt(R)} replicas`)

    const BATCH = 20_000
    let lastLog = performance.now()
    for (let lo = 1; lo <= R; lo += BATCH) {
      const hi = Math.min(R, lo + BATCH - 1)
      yield* sql.withTransaction(Effect.forEach(statements, (s) => sql.unsafe(s.statement, [lo, hi]), { discard: true }))
      if (performance.now() - lastLog > 30_000 || hi === R) {
        lastLog = performance.now()
        const elapsed = (performance.now() - started) / 1000
        log(`  … ${fmt(hi + T)} tickets stored (${fmt(hi / elapsed)} replicas/s, ${elapsed.toFixed(0)} s)`)
      }
    }
    return {
      codes: [...templateCodes, ...codes],
      seconds: (performance.now() - started) / 1000,
      tables: statements.map((s) => ({ table: s.table, templateRows: s.rows }))
    } satisfies Replication
  })

// -----------------------------------------------------------------------------
// 3. checks, counters, vacuum
// -----------------------------------------------------------------------------

/** Checks that the copies are consistent; every count must be 0 but the informative ones. */
export const check = (seedNow: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const one = (statement: string, params: ReadonlyArray<unknown> = []) =>
      Effect.map(sql.unsafe<{ n: number }>(statement, params), (rows) => Number(rows[0]?.n ?? Number.NaN))
    return {
      tickets: yield* one(`SELECT count(*)::int AS n FROM ticket_status`),
      factsWithWrongLocalDate: yield* one(
        `SELECT count(*)::int AS n FROM statistics_facts WHERE received_on <> (received_at AT TIME ZONE 'Europe/Rome')::date
           OR (closed_at IS NOT NULL AND (fact ->> 'closedAt')::bigint <> (extract(epoch FROM closed_at) * 1000)::bigint)
           OR (fact ->> 'receivedAt')::bigint <> (extract(epoch FROM received_at) * 1000)::bigint
           OR fact ->> 'receivedOn' <> received_on::text OR fact ->> 'code' <> code`
      ),
      statusDisagreeingWithFacts: yield* one(
        `SELECT count(*)::int AS n FROM ticket_status s JOIN statistics_facts f USING (code)
         WHERE s.view ->> 'receivedOn' <> f.received_on::text OR s.view ->> 'code' <> s.code
           OR (s.view ->> 'closedOn') IS DISTINCT FROM ((f.closed_at AT TIME ZONE 'Europe/Rome')::date)::text`
      ),
      timersWithWrongKey: yield* one(
        `SELECT count(*)::int AS n FROM timers
         WHERE key <> ticket_id || ':' || kind || ':' || (extract(epoch FROM due_at) * 1000)::bigint`
      ),
      sampledStreamsWithWrongCode: yield* one(
        `SELECT count(*)::int AS n FROM ticket_events e JOIN bench_replicas r ON r.code = e.ticket_id
         WHERE r.n % 997 = 0 AND ((e.payload ->> 'code') IS NOT NULL AND e.payload ->> 'code' <> e.ticket_id
           OR (e.payload ->> 'at')::bigint <> (extract(epoch FROM e.recorded_at) * 1000)::bigint)`
      ),
      unfiredTimersDueAtSeedNow: yield* one(
        `SELECT count(*)::int AS n FROM timers WHERE fired_at IS NULL AND due_at <= $1`,
        [new Date(seedNow)]
      ),
      pendingOutbox: yield* one(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`)
    }
  })

/** The mix of states and outcomes, and the size of each table. */
export const describe = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const states = yield* sql<{ state: string; outcome: string | null; n: number }>`
    SELECT view ->> 'state' AS state, view ->> 'outcome' AS outcome, count(*)::int AS n
    FROM ticket_status GROUP BY 1, 2 ORDER BY 3 DESC`
  const sizes = yield* sql<{ table: string; rows: number; bytes: number }>`
    SELECT c.relname AS table, c.reltuples::bigint::float8 AS rows, pg_total_relation_size(c.oid)::float8 AS bytes
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname NOT LIKE 'bench_%'
    ORDER BY 3 DESC`
  return { states, sizes }
})

export interface SeedReport {
  readonly tickets: number
  readonly templates: number
  readonly seedNow: string
  readonly templateSeconds: number
  readonly actionsRefused: number
  readonly replicateSeconds: number
  readonly rebuild: string
  readonly rebuildSeconds?: number
  readonly vacuumAnalyzeSeconds: number
  readonly totalSeconds: number
  readonly checks: Readonly<Record<string, number>>
  readonly states: ReadonlyArray<{ readonly state: string; readonly outcome: string | null; readonly n: number }>
  readonly sizes: ReadonlyArray<{ readonly table: string; readonly rows: number; readonly bytes: number }>
}

/** Seeds the store in context (engine and ports on it) with `total` tickets. */
export const seed = (options: { readonly total: number; readonly templates: number; readonly seedNow: number; readonly log: Log }) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const started = performance.now()
    const { log } = options
    const T = Math.min(options.templates, options.total)
    const tpl = yield* templates(T, options.seedNow, log)
    const copy = yield* replicate(tpl.codes, tpl.received, options.total, log)
    const checks = yield* check(options.seedNow)
    log(`  checks: ${Object.entries(checks).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`)
    yield* sql.unsafe(`DROP TABLE bench_replicas`)
    for (const t of copy.tables) yield* sql.unsafe(`DROP TABLE ${quote(`bench_tpl_${t.table}`)}`)
    yield* sql.unsafe(`DROP FUNCTION bench_uuid(text, int)`)
    // ── Maintained statistics counters (migration 0003) ──────────────────────────────────
    // The copy filled statistics_facts outside the ticket store, so the counters the commits
    // maintain know nothing of the copies: recompute them from the facts.
    const t0 = performance.now()
    yield* SqlStatistics.rebuild
    const rebuildSeconds = (performance.now() - t0) / 1000
    log(`  SqlStatistics.rebuild: ${seconds(performance.now() - t0)}`)
    const t1 = performance.now()
    const tables = yield* sql<{ name: string }>`
      SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'`
    // Only this schema's tables: the server's database is shared.
    yield* sql.unsafe(`VACUUM (ANALYZE) ${tables.map((t) => quote(t.name)).join(", ")}`)
    const vacuumAnalyzeSeconds = (performance.now() - t1) / 1000
    log(`  VACUUM (ANALYZE): ${seconds(performance.now() - t1)}`)
    const { states, sizes } = yield* describe
    log(`  states: ${states.map((x) => `${x.state}${x.outcome === null ? "" : ` (${x.outcome})`} ${fmt(x.n)}`).join(", ")}`)
    log(`  on disk: ${fmt(sizes.reduce((sum, t) => sum + t.bytes, 0) / 2 ** 20)} MiB (${sizes.slice(0, 4).map((t) => `${t.table} ${fmt(t.bytes / 2 ** 20)} MiB`).join(", ")}, …)`)
    const report: SeedReport = {
      tickets: checks.tickets,
      templates: T,
      seedNow: new Date(options.seedNow).toISOString(),
      templateSeconds: tpl.seconds,
      actionsRefused: tpl.refused,
      replicateSeconds: copy.seconds,
      rebuild: "SqlStatistics.rebuild",
      rebuildSeconds,
      vacuumAnalyzeSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      checks,
      states,
      sizes
    }
    return { report, codes: copy.codes }
  })
