package io.eventgateway.stream;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The relay's reads and writes of the outbox, each one statement with a timeout. Reads go by shard and
 * in outbox order through the pending-rows partial index, so their cost follows the backlog, not the
 * retained history.
 */
final class RelayQueries {
  private static final String COLUMNS = "seq, shard, topic, partition_key, payload, "
    + "(EXTRACT(EPOCH FROM created_at) * 1000)::bigint AS created_ms";

  /** Per shard, the next pending rows after its cursor, oldest first. */
  private static final String NEXT = """
    SELECT o.* FROM unnest($1::int[], $2::bigint[]) AS c(shard, after)
    CROSS JOIN LATERAL (
      SELECT %s FROM outbox
      WHERE shard = c.shard AND published_at IS NULL AND dead_at IS NULL AND seq > c.after
      ORDER BY seq LIMIT $3) AS o""".formatted(COLUMNS);

  /**
   * Pending rows at or below a shard's cursor that the relay does not hold: late commits and replays.
   * The held set can be tens of thousands of seqs: NOT IN over a subquery lets PostgreSQL hash it.
   */
  private static final String BEHIND = """
    WITH held AS (SELECT unnest($3::bigint[]) AS seq)
    SELECT o.* FROM unnest($1::int[], $2::bigint[]) AS c(shard, upto)
    CROSS JOIN LATERAL (
      SELECT %s FROM outbox
      WHERE shard = c.shard AND published_at IS NULL AND dead_at IS NULL AND seq <= c.upto
        AND seq NOT IN (SELECT seq FROM held)
      ORDER BY seq LIMIT $4) AS o""".formatted(COLUMNS);

  private static final String BY_SEQ = "SELECT " + COLUMNS + " FROM outbox "
    + "WHERE seq = ANY($1::bigint[]) AND published_at IS NULL AND dead_at IS NULL ORDER BY seq";

  private static final String MARK_PUBLISHED = """
    UPDATE outbox SET published_at = now(), kafka_partition = u.partition, kafka_offset = u.off
    FROM unnest($1::bigint[], $2::int[], $3::bigint[]) AS u(seq, partition, off)
    WHERE outbox.seq = u.seq""";

  private static final String MARK_DEAD = """
    UPDATE outbox SET dead_at = now(), attempts = $2, last_error = $3, first_failed_at = $4, last_failed_at = $5
    WHERE seq = $1""";

  private final Pool pool;
  private final long timeoutMillis;

  RelayQueries(Pool pool, Duration timeout) {
    this.pool = pool;
    this.timeoutMillis = timeout.toMillis();
  }

  Future<List<PendingRow>> next(int[] shards, long[] cursors, int limit) {
    return rows(pool.preparedQuery(NEXT).execute(Tuple.of(boxed(shards), boxed(cursors), limit)));
  }

  Future<List<PendingRow>> behind(int[] shards, long[] cursors, Long[] held, int limit) {
    return rows(pool.preparedQuery(BEHIND).execute(Tuple.of(boxed(shards), boxed(cursors), held, limit)));
  }

  Future<List<PendingRow>> bySeq(Long[] seqs) {
    return rows(pool.preparedQuery(BY_SEQ).execute(Tuple.of((Object) seqs)));
  }

  Future<Void> markPublished(Long[] seqs, Integer[] partitions, Long[] offsets) {
    return bounded(pool.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(seqs, partitions, offsets))).mapEmpty();
  }

  Future<Void> markDead(long seq, int attempts, String error, OffsetDateTime firstFailed, OffsetDateTime lastFailed) {
    return bounded(pool.preparedQuery(MARK_DEAD)
      .execute(Tuple.of(seq, attempts, error, firstFailed, lastFailed))).mapEmpty();
  }

  private Future<List<PendingRow>> rows(Future<RowSet<Row>> query) {
    return bounded(query).map(rows -> {
      List<PendingRow> result = new ArrayList<>(rows.size());
      for (Row row : rows) {
        result.add(new PendingRow(row.getLong("seq"), row.getInteger("shard"), row.getString("topic"),
          row.getString("partition_key"), row.getString("payload"), row.getLong("created_ms")));
      }
      return result;
    });
  }

  private <T> Future<T> bounded(Future<T> query) {
    return query.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static Integer[] boxed(int[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static Long[] boxed(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
