-- Event Gateway outbox schema. Applied idempotently at every start-up (under an advisory lock, so
-- several instances starting at once do not race). Every statement must be safe to run again.

CREATE TABLE IF NOT EXISTS outbox (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    topic         TEXT        NOT NULL,
    partition_key TEXT,
    payload       TEXT        NOT NULL,   -- the event in CloudEvents structured JSON, exactly as sent to Kafka
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    -- The dedup backstop: when Redis has lost a key, INSERT ... ON CONFLICT DO NOTHING still refuses the
    -- second copy of (source, id).
    CONSTRAINT outbox_event_unique UNIQUE (source, event_id)
) WITH (fillfactor = 50);  -- see outbox_pending below


-- The relay (see README, "The relay"): rows are sharded by a hash of their partition key, and each shard
-- is published in outbox order by one instance at a time. Columns added in place (instant in
-- PostgreSQL 11+ for constant defaults), so an existing outbox keeps working.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS shard           INT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS attempts        INT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS last_error      TEXT;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS first_failed_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS last_failed_at  TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS dead_at         TIMESTAMPTZ;  -- dead-lettered: never published
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS kafka_partition INT;          -- where the record landed
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS kafka_offset    BIGINT;

-- Pending rows live in a narrow table of their own, (shard, seq), inserted in the INSERT's statement and
-- deleted in the statement that marks the row published or dead. No index on outbox then names
-- published_at, and with room left on each page (fillfactor) marking a row published is a HOT update:
-- PostgreSQL rewrites the row in its page without a new entry in every index. What each shard's publisher
-- reads next, and (one probe per shard) the backlog's oldest and newest rows, come from this table, whose
-- size follows the backlog, not the retained history.
-- Its rows come and go within milliseconds, so autovacuum often finds it empty. vacuum_truncate = false
-- keeps its pages then: truncated to none, the table looked free to scan whole, and statements planned
-- while it was idle scanned every dead row of it under load, per shard, until the next ANALYZE. Kept, the
-- pages make the key the cheaper plan at any fill (and no vacuum takes the exclusive lock truncation needs).
CREATE TABLE IF NOT EXISTS outbox_pending (
    shard INT    NOT NULL,
    seq   BIGINT NOT NULL,
    PRIMARY KEY (shard, seq)
) WITH (vacuum_truncate = false);
-- The outbox is created with fillfactor 50: half of each new page is kept free, so the published versions
-- of a page's rows, marked together, fit beside them. The price is disk: retained rows take about twice
-- the pages. The setting is only made here, at creation or at this upgrade, so an operator's own choice
-- (ALTER TABLE outbox SET (fillfactor = ...)) stays.
-- An outbox from before the pending table kept its pending rows in a partial index: they move over once,
-- and the index goes (it named published_at, which made every mark a full update).
DO $$
BEGIN
  IF to_regclass('outbox_pending_idx') IS NOT NULL THEN
    INSERT INTO outbox_pending (shard, seq)
      SELECT shard, seq FROM outbox WHERE published_at IS NULL AND dead_at IS NULL
      ON CONFLICT DO NOTHING;
    DROP INDEX IF EXISTS outbox_pending_idx;
    ALTER TABLE outbox SET (fillfactor = 50);
  END IF;
END $$;
-- It had a sibling on (seq) alone with the same predicate. The planner took that one for the relay's
-- per-shard reads whenever its statistics saw few pending rows, and every read then walked the pending
-- rows of all shards; it also cost every INSERT a fourth index entry.
DROP INDEX IF EXISTS outbox_pending_seq_idx;
DROP INDEX IF EXISTS outbox_unpublished_idx;
-- Dead letters, for the management API (listing and replay), oldest first. Marking a row published leaves
-- dead_at as it was, so this index does not stop that update being HOT.
CREATE INDEX IF NOT EXISTS outbox_dead_idx ON outbox (seq) WHERE dead_at IS NOT NULL;
-- Retention finds published rows past their time through a BRIN index: rows are published roughly in
-- outbox order, so block ranges summarise well, and (PostgreSQL 16 and later) a BRIN index does not stop
-- a HOT update. The B-tree it replaces took a new entry at every mark.
CREATE INDEX IF NOT EXISTS outbox_published_brin ON outbox USING brin (published_at) WITH (autosummarize = on);
DROP INDEX IF EXISTS outbox_published_idx;

-- One row per shard: which instance publishes it, until when. An instance renews its leases well before
-- they expire; the shards of an instance that stopped renewing are taken over once they expired.
CREATE TABLE IF NOT EXISTS relay_lease (
    shard      INT PRIMARY KEY,
    owner      TEXT,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);

-- Live relay instances (a heartbeat each), so each one takes its fair share of the shards.
CREATE TABLE IF NOT EXISTS relay_instance (
    id           TEXT PRIMARY KEY,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

-- Relays of other instances are woken by a NOTIFY that the committing instance sends after its commit,
-- on its own, coalesced, and only for rows of shards it does not publish itself (see
-- OutboxNotifications). A NOTIFY inside the INSERT's transaction would take PostgreSQL's notification
-- lock at every commit and serialise all of them: the insert trigger that did so is gone.
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
DROP FUNCTION IF EXISTS outbox_notify();
