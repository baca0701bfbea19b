/**
 * 0001 — the tables whose shape does not depend on the engine's ports: the event log,
 * idempotency keys, the outbox, timers and attachments. Read models come with the ports.
 *
 * Forward-only and checksummed: once released, never edit this file — add a migration.
 * The SQL runs on PostgreSQL 15 (the oldest server we support) and on PGlite (PostgreSQL 18).
 *
 * @internal
 */
export const statements: ReadonlyArray<string> = [
  // One stream per ticket; the primary key is the stream-version key that makes a
  // concurrent append a conflict (StorageError.conflictConstraints names it).
  // `position` orders all events for projections that catch up.
  `CREATE TABLE ticket_events (
    ticket_id text NOT NULL,
    version integer NOT NULL CHECK (version > 0),
    event_type text NOT NULL CHECK (event_type <> ''),
    payload jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    position bigint GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT ticket_events_stream_version PRIMARY KEY (ticket_id, version),
    CONSTRAINT ticket_events_position UNIQUE (position)
  )`,
  // Intake is idempotent: one ticket per (channel, key), e.g. an e-mail's Message-ID.
  `CREATE TABLE idempotency_keys (
    channel text NOT NULL,
    key text NOT NULL CHECK (key <> ''),
    ticket_id text NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_channel_key PRIMARY KEY (channel, key)
  )`,
  // The transactional outbox: written in the command's transaction, delivered at least
  // once; the delivery key lets a provider that honours keys drop a repeat.
  `CREATE TABLE outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id text NOT NULL,
    delivery_key text NOT NULL,
    channel text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    claimed_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL,
    sent_at timestamptz,
    dead_lettered_at timestamptz,
    CONSTRAINT outbox_delivery_key UNIQUE (delivery_key),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((status = 'dead') = (dead_lettered_at IS NOT NULL))
  )`,
  `CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending'`,
  `CREATE INDEX outbox_ticket ON outbox (ticket_id)`,
  // One timer per (ticket, kind): scheduling again moves it (a suspension moves the
  // deadline). The partial index keeps the sweep an index range scan however many fired.
  `CREATE TABLE timers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id text NOT NULL,
    kind text NOT NULL CHECK (kind <> ''),
    due_at timestamptz NOT NULL,
    fired_at timestamptz,
    claimed_until timestamptz,
    CONSTRAINT timers_ticket_kind UNIQUE (ticket_id, kind)
  )`,
  `CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL`,
  // Content-addressed attachments: the same file sent twice is stored once.
  `CREATE TABLE attachments (
    checksum text PRIMARY KEY CHECK (checksum ~ '^[0-9a-f]{64}$'),
    media_type text NOT NULL CHECK (media_type <> ''),
    size bigint NOT NULL CHECK (size >= 0),
    bytes bytea NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (octet_length(bytes) = size)
  )`
]
