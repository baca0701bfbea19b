/**
 * 0002 — what the ports of `@sportello/core` need beside the event log: the read models a
 * commit writes in its transaction (public status, worklist, statistics facts), timers keyed
 * per (ticket, kind, instant) as the port's `Projection.Timer`, outbox messages with the
 * port's message id and provider receipt, and attachment owners.
 *
 * Forward-only and checksummed: once released, never edit this file — add a migration.
 * The SQL runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).
 *
 * @internal
 */
export const statements: ReadonlyArray<string> = [
  // Timers: the port keys a timer by ticket, kind and instant, so that a recomputed timer
  // never fires twice and a fired key never comes back. Several timers of one kind may now
  // exist for a ticket (a fired one and its successor): the (ticket, kind) key goes.
  `ALTER TABLE timers ADD COLUMN key text`,
  `UPDATE timers SET key = ticket_id || ':' || kind || ':' || (extract(epoch FROM due_at) * 1000)::bigint`,
  `ALTER TABLE timers ALTER COLUMN key SET NOT NULL`,
  `ALTER TABLE timers ADD CONSTRAINT timers_key UNIQUE (key)`,
  `ALTER TABLE timers DROP CONSTRAINT timers_ticket_kind`,
  // A commit replaces the ticket's unfired timers: find them without scanning fired ones.
  `CREATE INDEX timers_ticket_unfired ON timers (ticket_id) WHERE fired_at IS NULL`,
  // Outbox: the port's message id (unique, as the delivery key), messages without a ticket
  // (staff warnings), and the provider's id of a delivery.
  `ALTER TABLE outbox ADD COLUMN message_id text`,
  `UPDATE outbox SET message_id = delivery_key`,
  `ALTER TABLE outbox ALTER COLUMN message_id SET NOT NULL`,
  `ALTER TABLE outbox ADD CONSTRAINT outbox_message_id UNIQUE (message_id)`,
  `ALTER TABLE outbox ALTER COLUMN ticket_id DROP NOT NULL`,
  `ALTER TABLE outbox ADD COLUMN provider_id text`,
  // Public status by code (no personal data): the last projection's view.
  `CREATE TABLE ticket_status (
    code text PRIMARY KEY,
    version integer NOT NULL CHECK (version > 0),
    view jsonb NOT NULL
  )`,
  // One row per open or suspended ticket; the columns filter and order, the entry is what
  // the port returns. The GIN index answers "tickets this office was consulted on".
  `CREATE TABLE worklist (
    code text PRIMARY KEY,
    queue text NOT NULL,
    assignee text,
    status text NOT NULL CHECK (status IN ('open', 'suspended')),
    topic text,
    urgent boolean NOT NULL,
    due_at timestamptz,
    at_risk_at timestamptz,
    received_at timestamptz NOT NULL,
    consulting text[] NOT NULL DEFAULT '{}',
    entry jsonb NOT NULL
  )`,
  `CREATE INDEX worklist_order ON worklist (urgent DESC, due_at ASC NULLS LAST, received_at, code)`,
  `CREATE INDEX worklist_queue ON worklist (queue, urgent DESC, due_at ASC NULLS LAST, received_at, code)`,
  `CREATE INDEX worklist_assignee ON worklist (assignee, urgent DESC, due_at ASC NULLS LAST, received_at, code)
    WHERE assignee IS NOT NULL`,
  `CREATE INDEX worklist_consulting ON worklist USING gin (consulting)`,
  // One statistics fact per ticket, replaced at every change; erased marks a ticket whose
  // personal data is gone (retention finds the others by closed_at).
  `CREATE TABLE statistics_facts (
    code text PRIMARY KEY,
    received_at timestamptz NOT NULL,
    received_on date NOT NULL,
    channel text NOT NULL,
    requester_kind text NOT NULL,
    topic text NOT NULL,
    closed boolean NOT NULL,
    closed_at timestamptz,
    outcome text,
    erased boolean NOT NULL DEFAULT false,
    fact jsonb NOT NULL,
    CHECK (closed OR closed_at IS NULL)
  )`,
  `CREATE INDEX statistics_facts_received_on ON statistics_facts (received_on)`,
  `CREATE INDEX statistics_facts_retention ON statistics_facts (closed_at) WHERE closed_at IS NOT NULL AND NOT erased`,
  // Attachments belong to owners (ticket codes); the bytes go with the last owner.
  `CREATE TABLE attachment_owners (
    checksum text NOT NULL REFERENCES attachments (checksum) ON DELETE CASCADE,
    owner text NOT NULL CHECK (owner <> ''),
    CONSTRAINT attachment_owners_pkey PRIMARY KEY (checksum, owner)
  )`
]
