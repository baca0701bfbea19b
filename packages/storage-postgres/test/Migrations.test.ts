import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { Migrations } from "../src/index.ts"
import { backends } from "./support/backends.ts"

const tables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
  return rows.map((r) => r.table_name)
})

const latest = Migrations.all.length
const versions = Migrations.all.map((m) => m.version)

const extra: Migrations.Migration = {
  version: latest + 1,
  name: "extra",
  statements: ["CREATE TABLE extra (id int PRIMARY KEY)"]
}

for (const backend of backends) {
  describe(`Migrations (${backend.name})`, () => {
    it.effect("applies every migration once, records its checksum, then has nothing to do", () =>
      Effect.gen(function*() {
        expect(yield* Migrations.applied()).toEqual([])
        const first = yield* Migrations.run()
        expect(first).toEqual({ applied: versions, current: latest })
        expect(yield* tables).toEqual(
          [
            "attachment_owners",
            "attachments",
            "idempotency_keys",
            "outbox",
            "sportello_migrations",
            "statistics_changes",
            "statistics_counts",
            "statistics_facts",
            "ticket_events",
            "ticket_status",
            "timers",
            "worklist"
          ]
        )
        const second = yield* Migrations.run()
        expect(second).toEqual({ applied: [], current: latest })
        const applied = yield* Migrations.applied()
        expect(applied.map((m) => [m.version, m.name, m.checksum])).toEqual(
          Migrations.all.map((m) => [m.version, m.name, Migrations.checksum(m)])
        )
      }).pipe(Effect.provide(backend.schema())))

    it.effect("applies only the new migrations of a longer list", () =>
      Effect.gen(function*() {
        yield* Migrations.run()
        expect(yield* Migrations.run([...Migrations.all, extra])).toEqual({ applied: [latest + 1], current: latest + 1 })
        expect(yield* tables).toContain("extra")
      }).pipe(Effect.provide(backend.schema())))

    it.effect("refuses a changed migration that was already applied, and applies nothing", () =>
      Effect.gen(function*() {
        yield* Migrations.run()
        const edited = [
          { ...Migrations.all[0]!, statements: [...Migrations.all[0]!.statements, "SELECT 1"] },
          ...Migrations.all.slice(1),
          extra
        ]
        const error = yield* Effect.flip(Migrations.run(edited))
        expect(error._tag).toBe("MigrationError")
        expect(error).toMatchObject({ reason: "checksum-mismatch", version: 1 })
        expect(yield* tables).not.toContain("extra")
      }).pipe(Effect.provide(backend.schema())))

    it.effect("refuses a database migrated by newer code", () =>
      Effect.gen(function*() {
        yield* Migrations.run([...Migrations.all, extra])
        const error = yield* Effect.flip(Migrations.run())
        expect(error).toMatchObject({ _tag: "MigrationError", reason: "unknown-version", version: latest + 1 })
      }).pipe(Effect.provide(backend.schema())))

    it.effect("refuses a list out of order", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Migrations.run([{ ...extra, version: 3 }]))
        expect(error).toMatchObject({ _tag: "MigrationError", reason: "invalid-list", version: 3 })
      }).pipe(Effect.provide(backend.schema())))

    it.effect("a failing migration leaves the database as it was", () =>
      Effect.gen(function*() {
        const broken: Migrations.Migration = {
          version: latest + 1,
          name: "broken",
          statements: ["CREATE TABLE half (id int)", "CREATE TABLE broken (id int REFERENCES nowhere (id))"]
        }
        const error = yield* Effect.flip(Migrations.run([...Migrations.all, broken]))
        expect(error).toMatchObject({ _tag: "MigrationError", reason: "failed", version: latest + 1 })
        expect(yield* tables).toEqual([])
        expect(yield* Migrations.applied()).toEqual([])
      }).pipe(Effect.provide(backend.schema())))

    it.effect("concurrent runners apply each migration once", () =>
      Effect.gen(function*() {
        const reports = yield* Effect.all(
          Array.from({ length: 4 }, () => Migrations.run()),
          { concurrency: "unbounded" }
        )
        expect(reports.map((r) => r.applied).sort()).toEqual([[], [], [], versions])
        expect((yield* Migrations.applied()).length).toBe(latest)
      }).pipe(Effect.provide(backend.schema())))
  })
}

describe("Migrations.checksum", () => {
  it("ignores line endings and surrounding blanks, not edits", () => {
    const a: Migrations.Migration = { version: 1, name: "a", statements: ["CREATE TABLE a (\n  id int\n)"] }
    const crlf = { ...a, statements: ["  CREATE TABLE a (\r\n  id int\r\n)\n"] }
    const edited = { ...a, statements: ["CREATE TABLE a (\n  id bigint\n)"] }
    expect(Migrations.checksum(crlf)).toBe(Migrations.checksum(a))
    expect(Migrations.checksum(edited)).not.toBe(Migrations.checksum(a))
  })
})
