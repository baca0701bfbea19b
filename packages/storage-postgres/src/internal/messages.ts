/**
 * Outbox rows shared by the ticket store (messages of a commit, in its transaction) and the
 * outbox (messages outside commits).
 */
import type { Outbox } from "@sportello/core"
import type { SqlClient } from "effect/sql"

const iso = (millis: number) => new Date(millis).toISOString()

/**
 * Inserts messages, due at their creation. A message whose delivery key or id is already
 * recorded is skipped (`ON CONFLICT DO NOTHING` covers both unique keys), so a retried commit
 * never records a message twice.
 */
export const insert = (sql: SqlClient.SqlClient, messages: ReadonlyArray<Outbox.Message>) =>
  sql`
    INSERT INTO outbox (message_id, ticket_id, delivery_key, channel, payload, next_attempt_at, created_at)
    SELECT m.message_id, m.payload::jsonb ->> 'code', m.delivery_key, m.channel, m.payload::jsonb, m.created_at, m.created_at
    FROM unnest(
      ${messages.map((m) => m.id)}::text[],
      ${messages.map((m) => m.deliveryKey)}::text[],
      ${messages.map((m) => m.to._tag)}::text[],
      ${messages.map((m) => JSON.stringify(m))}::text[],
      ${messages.map((m) => iso(m.createdAt))}::timestamptz[]
    ) WITH ORDINALITY AS m(message_id, delivery_key, channel, payload, created_at, ord)
    ORDER BY m.ord
    ON CONFLICT DO NOTHING`
