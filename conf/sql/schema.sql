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

-- The relay's poller scans only unpublished rows; a partial index keeps that scan small however large
-- the retained history grows.
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;
