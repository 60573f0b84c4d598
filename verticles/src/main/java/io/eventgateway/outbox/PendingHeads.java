package io.eventgateway.outbox;

/**
 * Per shard, its oldest and newest pending rows: two probes of {@code outbox_pending}'s key each (and
 * one of the outbox, for the oldest row's age), so the backlog's range and age cost a few index lookups
 * per shard however long the backlog is. Takes the shard count as {@code $2}.
 */
final class PendingHeads {
  /** Columns {@code shard, first_seq, first_created_at, last_seq}; shards without pending rows are left out. */
  static final String SQL = """
    SELECT s.shard, first.seq AS first_seq, first.created_at AS first_created_at, last.seq AS last_seq
    FROM generate_series(0, $2 - 1) AS s(shard)
    JOIN LATERAL (
      SELECT p.seq, o.created_at FROM outbox_pending p
      JOIN outbox o ON o.seq = p.seq AND %s
      WHERE p.shard = s.shard ORDER BY p.seq LIMIT 1) AS first ON true
    JOIN LATERAL (
      SELECT seq FROM outbox_pending WHERE shard = s.shard ORDER BY seq DESC LIMIT 1) AS last ON true"""
    .formatted(OutboxState.STILL_PENDING);

  private PendingHeads() {
  }
}
