/**
 * 0003 — statistics kept as counters, so that a report costs the same with a million tickets
 * as with a hundred (issue 5): a plain `GROUP BY` over the facts grows with the store.
 *
 * - Each fact gets the columns its counting needs: the standing of its first term
 *   (`Statistics.standingOf`), its deadline while that term runs, and its time to answer with
 *   a logarithmic bucket (1/16 octave) that finds the median without sorting every answer.
 * - `statistics_changes`: every commit that changes what a ticket counts for appends the old
 *   row with sign −1 and the new one with +1 — inserts only, so concurrent commits never wait
 *   on a shared counter row.
 * - `statistics_counts`: the changes folded per day, month, year and all time, by dimension
 *   (`SqlStatistics.compact`, run by the reader under an advisory lock).
 * - The facts already stored become changes here; the first compaction counts them.
 *
 * Forward-only and checksummed: once released, never edit this file — add a migration.
 * The SQL runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).
 *
 * @internal
 */
export const statements: ReadonlyArray<string> = [
  `ALTER TABLE statistics_facts ADD COLUMN standing text, ADD COLUMN first_due timestamptz, ADD COLUMN answer_ms bigint`,
  `UPDATE statistics_facts SET
    first_due = to_timestamp((fact ->> 'firstDue')::numeric / 1000),
    answer_ms = (fact ->> 'firstAnsweredAt')::bigint - (fact ->> 'receivedAt')::bigint,
    standing = CASE
      WHEN NOT fact ? 'firstDue' THEN 'none'
      WHEN NOT fact ? 'firstStoppedAt' THEN 'pending'
      WHEN NOT (fact ->> 'firstHandled')::boolean THEN 'none'
      WHEN (fact ->> 'firstStoppedAt')::bigint < (fact ->> 'firstDue')::bigint THEN 'on-time'
      ELSE 'late' END`,
  `ALTER TABLE statistics_facts ALTER COLUMN standing SET NOT NULL,
    ADD CONSTRAINT statistics_facts_standing CHECK (standing IN ('none', 'on-time', 'late', 'pending')),
    ADD CONSTRAINT statistics_facts_pending_due CHECK (standing <> 'pending' OR first_due IS NOT NULL)`,
  // Bucket b holds the answers within [2^(b/16), 2^((b+1)/16)) seconds; -1 the ones under a second.
  `ALTER TABLE statistics_facts ADD COLUMN answer_bucket integer GENERATED ALWAYS AS (
    CASE WHEN answer_ms IS NULL THEN NULL WHEN answer_ms < 1000 THEN -1
      ELSE floor(16 * ln(answer_ms::float8 / 1000) / ln(2::float8))::integer END) STORED`,
  // Pending first terms whose deadline passed count as late at report time.
  `CREATE INDEX statistics_facts_pending ON statistics_facts (first_due) WHERE standing = 'pending'`,
  // Facts received after a report's instant are taken out of its counts.
  `CREATE INDEX statistics_facts_received_at ON statistics_facts (received_at)`,
  // The median: one bucket's answers of a period, read in the index (INCLUDE for the instant).
  `CREATE INDEX statistics_facts_answers ON statistics_facts (answer_bucket, received_on, answer_ms)
    INCLUDE (received_at) WHERE answer_ms IS NOT NULL`,
  `CREATE TABLE statistics_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sign smallint NOT NULL CHECK (sign IN (-1, 1)),
    received_on date NOT NULL,
    channel text NOT NULL,
    requester_kind text NOT NULL,
    topic text NOT NULL,
    outcome text,
    closed boolean NOT NULL,
    standing text NOT NULL CHECK (standing IN ('none', 'on-time', 'late', 'pending')),
    answer_bucket integer
  )`,
  // No CHECK (received >= 0 …): PostgreSQL checks the row an upsert proposes — the change,
  // which may be negative — before it finds the conflict that turns it into an addition.
  `CREATE TABLE statistics_counts (
    granularity text NOT NULL CHECK (granularity IN ('day', 'month', 'year', 'all')),
    period text NOT NULL,
    dimension text NOT NULL CHECK (dimension IN ('total', 'channel', 'requester-kind', 'topic', 'outcome', 'answer')),
    value text NOT NULL,
    received bigint NOT NULL,
    open bigint NOT NULL,
    closed bigint NOT NULL,
    judged bigint NOT NULL,
    on_time bigint NOT NULL,
    CONSTRAINT statistics_counts_pkey PRIMARY KEY (granularity, period, dimension, value)
  )`,
  `INSERT INTO statistics_changes (sign, received_on, channel, requester_kind, topic, outcome, closed, standing, answer_bucket)
    SELECT 1, received_on, channel, requester_kind, topic, outcome, closed, standing, answer_bucket FROM statistics_facts`
]
