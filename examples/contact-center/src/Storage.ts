/**
 * Where the Contact Center keeps its tickets, outbox and attachments, and the HTTP API its
 * staff tokens and audit log. This is the one place that chooses the storage: every other
 * module asks for the ports (`TicketStore`, `Outbox`, `AttachmentStore`, `Tokens`,
 * `AuditLog`) and never knows which adapter answers.
 *
 * Tickets, outbox and attachments live in PostgreSQL (`@sportello/storage-postgres`): a
 * server when `databaseUrl` is given, else embedded PGlite in `dataDir` (`npm start` uses
 * `.sportello/data`; without a directory nothing is kept, as in the tests). Staff tokens and
 * the audit log are still in memory.
 */
import type { AttachmentStore, Outbox, TicketStore } from "@sportello/core"
import { AuditLog, Tokens } from "@sportello/http"
import { PgServer, Storage } from "@sportello/storage-postgres"
import { Layer } from "effect"

/** Storage options. */
export interface Options {
  /** PGlite's data directory; without one (and without a server) nothing is kept. */
  readonly dataDir?: string | undefined
  /** A PostgreSQL server's URL; when given, the server is used instead of PGlite. */
  readonly databaseUrl?: string | undefined
}

/** Why the storage could not be opened. */
export type OpenError = Storage.OpenError

/** The storage's layers. */
export const layer = (
  options: Options = {}
): Layer.Layer<
  TicketStore.TicketStore | Outbox.Outbox | AttachmentStore.AttachmentStore | Tokens.Tokens | AuditLog.AuditLog,
  OpenError
> =>
  Layer.mergeAll(
    options.databaseUrl !== undefined
      ? Storage.layerServer({ url: PgServer.url(options.databaseUrl) })
      : Storage.layerPglite({ dataDir: options.dataDir ?? "memory://" }),
    Tokens.layerMemory(),
    AuditLog.layerMemory()
  )

/** What the start banner says about the storage. */
export const describe = (options: Options = {}): string => {
  if (options.databaseUrl !== undefined) {
    try {
      const u = new URL(options.databaseUrl)
      return `PostgreSQL server ${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname}`
    } catch {
      return "PostgreSQL server"
    }
  }
  return options.dataDir === undefined || options.dataDir === "memory://"
    ? "embedded PGlite in memory (a restart starts afresh, with new demo tickets)"
    : `embedded PGlite in ${options.dataDir}`
}
