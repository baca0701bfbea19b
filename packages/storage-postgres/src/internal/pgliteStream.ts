/**
 * An in-process PostgreSQL wire-protocol stream over one PGlite instance, so that the
 * `@effect/sql-pg` driver — the same one that talks to a PostgreSQL server — can talk to
 * embedded PGlite without a socket (decision 0009).
 *
 * PGlite is a single-user PostgreSQL: it has one session. A `Session` hands that session
 * to one stream at a time: a second stream waits until the first one is closed, so a
 * transaction is never interleaved with another client's statements. When a stream closes,
 * an open transaction is rolled back and the session is reset (`DISCARD ALL`), as a server
 * does when a backend exits. PGlite ignores the settings of a startup packet (it was
 * started long before); the stream applies them with `set_config`, so `search_path`,
 * `application_name` or `statement_timeout` given to the driver behave as on a server.
 */
import type { PGlite } from "@electric-sql/pglite"
import { Duplex } from "node:stream"

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const PROTOCOL_3 = 196608
const TERMINATE = 0x58
/** Startup fields that are not settings. */
const RESERVED = new Set(["user", "database", "options", "replication", "client_encoding"])

const sessions = new WeakMap<PGlite, Session>()

/** Hands PGlite's one session to one stream at a time. */
export class Session {
  /** The session of this PGlite instance: one per instance, whoever asks. */
  static of(db: PGlite): Session {
    let session = sessions.get(db)
    if (session === undefined) {
      session = new Session(db)
      sessions.set(db, session)
    }
    return session
  }

  readonly db: PGlite
  private owner: PgliteStream | undefined
  private readonly waiting: Array<PgliteStream> = []

  private constructor(db: PGlite) {
    this.db = db
  }

  /** A new client connection (what `net.connect` is for a server). */
  readonly connect = (): Duplex => new PgliteStream(this)

  /** @internal */
  acquire(stream: PgliteStream): void {
    if (this.owner === undefined) {
      this.owner = stream
      stream.granted()
    } else {
      this.waiting.push(stream)
    }
  }

  /** @internal A stream that closed before it got the session. */
  forget(stream: PgliteStream): void {
    const index = this.waiting.indexOf(stream)
    if (index >= 0) this.waiting.splice(index, 1)
  }

  /** @internal */
  async release(stream: PgliteStream): Promise<void> {
    if (this.owner !== stream) return
    try {
      if (!this.db.closed) {
        if (this.db.isInTransaction()) await this.db.exec("ROLLBACK")
        await this.db.exec("DISCARD ALL")
      }
    } finally {
      this.owner = this.waiting.shift()
      this.owner?.granted()
    }
  }
}

class PgliteStream extends Duplex {
  private readonly session: Session
  private pending: Buffer = Buffer.alloc(0)
  private queue: Promise<void> = Promise.resolve()
  private owner = false
  private onGranted: ((granted: boolean) => void) | undefined
  private started = false
  private released = false

  constructor(session: Session) {
    super()
    this.session = session
  }

  /** Called by the session when this stream owns PGlite's session. */
  granted(): void {
    this.owner = true
    const resume = this.onGranted
    this.onGranted = undefined
    resume?.(true)
  }

  /** Resolves `true` once this stream owns the session, `false` if it closed first. */
  private waitForSession(): Promise<boolean> {
    if (this.owner) return Promise.resolve(true)
    if (this.released) return Promise.resolve(false)
    return new Promise((resolve) => {
      this.onGranted = resolve
      this.session.acquire(this)
    })
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    this.queue = this.queue.then(() => this.drain()).then(
      () => callback(),
      (error: Error) => {
        callback(error)
        this.destroy(error)
      }
    )
  }

  /** Runs every complete message in the buffer, in order. */
  private async drain(): Promise<void> {
    for (;;) {
      const buffer = this.pending
      if (buffer.length < 5) return
      if (!this.started) {
        if (buffer.length < 8) return
        const length = buffer.readInt32BE(0)
        const code = buffer.readInt32BE(4)
        if (code === SSL_REQUEST) {
          // No TLS in-process: answer "N" as a server without TLS does.
          this.pending = buffer.subarray(8)
          this.push(Buffer.from("N"))
          continue
        }
        if (code === CANCEL_REQUEST) {
          // PGlite runs one statement at a time to completion; nothing to cancel.
          this.pending = Buffer.alloc(0)
          this.push(null)
          return
        }
        if (code !== PROTOCOL_3 || buffer.length < length) return
        this.started = true
        this.pending = buffer.subarray(length)
        const startup = buffer.subarray(0, length)
        if (!(await this.waitForSession())) {
          // Closed while waiting (e.g. the driver's connect timeout): never take the session.
          this.pending = Buffer.alloc(0)
          return
        }
        await this.run(startup)
        await this.applySettings(startup)
        continue
      }
      // A run of complete messages goes to PGlite in one call; it answers them in order.
      let end = 0
      let terminate = false
      while (end + 5 <= buffer.length) {
        if (buffer[end] === TERMINATE) {
          terminate = true
          break
        }
        const next = end + 1 + buffer.readInt32BE(end + 1)
        if (next > buffer.length) break
        end = next
      }
      if (end > 0) {
        this.pending = buffer.subarray(end)
        await this.run(buffer.subarray(0, end))
      }
      if (terminate) {
        this.pending = Buffer.alloc(0)
        this.push(null)
        return
      }
      if (end === 0) return
    }
  }

  /** Applies the settings of a startup packet, as a server's new backend would. */
  private async applySettings(startup: Buffer): Promise<void> {
    const fields = startup.subarray(8).toString("utf8").split("\0")
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const name = fields[i]!
      if (name === "" || RESERVED.has(name)) continue
      await this.session.db.query("SELECT set_config($1, $2, false)", [name, fields[i + 1]!])
    }
  }

  private async run(message: Uint8Array): Promise<void> {
    const db = this.session.db
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, {
        onRawData: (data) => {
          this.push(Buffer.from(data))
        }
      })
    )
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.close().then(() => callback())
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.close().then(() => callback(error))
  }

  /**
   * Gives the session back once the message in flight is answered; a stream still waiting
   * for the session leaves the queue instead. Never fails: the driver may no longer listen.
   */
  private async close(): Promise<void> {
    if (this.released) return
    this.released = true
    const waiting = this.onGranted
    this.onGranted = undefined
    if (!this.owner) this.session.forget(this)
    waiting?.(false)
    await this.queue
    if (this.owner) await this.session.release(this).catch(() => undefined)
  }
}
