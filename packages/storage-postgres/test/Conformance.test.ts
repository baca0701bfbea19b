/**
 * The testkit's conformance suites — the same ones the in-memory layers of `@sportello/core`
 * pass — on the SQL ports, on PGlite always and on the server when `SPORTELLO_PG_URL` is set.
 * Each suite builds its layer once, in a fresh migrated schema dropped afterwards; the suites
 * themselves use fresh codes, keys and private time windows, so their tests do not see each
 * other.
 *
 * Capabilities: on the server, concurrent writers and claimers are separate sessions of the
 * pool, so the races and `SKIP LOCKED` are real. On PGlite there is one session: concurrent
 * fibers' transactions run one after the other. The race tests still run there (they check
 * that the store refuses the losers of a race by its keys, which it must do in whatever order
 * the writers come), but they prove nothing about parallel sessions — the server does.
 */
import { Layer } from "effect"
import { attachmentStoreSuite, lifecycleModelSuite, outboxSuite, ticketStoreSuite } from "@sportello/testkit"
import { Storage } from "../src/index.ts"
import { backends } from "./support/backends.ts"

for (const backend of backends) {
  const ports = (options: Storage.Options = {}) => Layer.provide(Storage.layer(options), backend.migrated())
  ticketStoreSuite(backend.name, ports(), { concurrentWriters: true, skipLocked: true })
  outboxSuite(backend.name, ports(), { skipLocked: true })
  attachmentStoreSuite(backend.name, ports({ maxAttachmentSize: 1024 * 1024 }), { concurrentWriters: true })
  lifecycleModelSuite(backend.name, ports())
}
