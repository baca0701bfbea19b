/**
 * Where the Contact Center keeps its tickets, outbox and attachments, and the HTTP API its
 * staff tokens and audit log. This is the one place that chooses the storage: every other
 * module asks for the ports (`TicketStore`, `Outbox`, `AttachmentStore`, `Tokens`,
 * `AuditLog`) and never knows which adapter answers.
 *
 * For now the in-memory layers of `@sportello/core` (everything is lost at a restart); when
 * `@sportello/storage-postgres` exposes its layers, embedded PGlite in `dataDir` takes their
 * place here, in one line.
 */
import { AttachmentStore, type Outbox, TicketStore } from "@sportello/core"
import { AuditLog, Tokens } from "@sportello/http"
import { Layer } from "effect"

/** Storage options. */
export interface Options {
  /** Where embedded storage keeps its files (unused by the in-memory storage). */
  readonly dataDir?: string | undefined
}

/** The storage's layers. */
export const layer = (
  _options: Options = {}
): Layer.Layer<TicketStore.TicketStore | Outbox.Outbox | AttachmentStore.AttachmentStore | Tokens.Tokens | AuditLog.AuditLog> =>
  Layer.mergeAll(TicketStore.layerMemory, AttachmentStore.layerMemory(), Tokens.layerMemory(), AuditLog.layerMemory())

/** What the start banner says about the storage. */
export const describe = (_options: Options = {}): string => "in memory (a restart starts afresh, with new demo tickets)"
