package io.eventgateway.outbox;

/**
 * Per shard, its oldest and newest pending rows: two probes of the pending-rows index each, so the
 * backlog's range and age cost {@code 2 × shards} index lookups however long the backlog is. Takes the
 * shard count as {@code $2}.
 */
final class PendingHeads {
  /** Columns {@code shard, first_seq, first_created_at, last_seq}; shards without pending rows are left out. */
  static final String SQL = """
    SELECT s.shard, first.seq AS first_seq, first.created_at AS first_created_at, last.seq AS last_seq
    FROM generate_series(0, $2 - 1) AS s(shard)
    JOIN LATERAL (
      SELECT seq, created_at FROM outbox
      WHERE shard = s.shard AND published_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT 1) AS first ON true
    JOIN LATERAL (
      SELECT seq FROM outbox
      WHERE shard = s.shard AND published_at IS NULL AND dead_at IS NULL ORDER BY seq DESC LIMIT 1) AS last ON true""";

  private PendingHeads() {
  }
}
