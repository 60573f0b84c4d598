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
);


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

-- Pending rows per shard in outbox order: what each shard's publisher reads next, and (one probe per
-- shard) the backlog's oldest and newest rows. A partial index stays small however large the retained
-- history grows.
CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox (shard, seq) WHERE published_at IS NULL AND dead_at IS NULL;
-- It had a sibling on (seq) alone with the same predicate. The planner took that one for the relay's
-- per-shard reads whenever its statistics saw few pending rows, and every read then walked the pending
-- rows of all shards; it also cost every INSERT a fourth index entry.
DROP INDEX IF EXISTS outbox_pending_seq_idx;
DROP INDEX IF EXISTS outbox_unpublished_idx;
-- Dead letters, for the management API (listing and replay), oldest first.
CREATE INDEX IF NOT EXISTS outbox_dead_idx ON outbox (seq) WHERE dead_at IS NOT NULL;
-- Retention deletes published rows oldest first, in bounded batches.
CREATE INDEX IF NOT EXISTS outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

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
