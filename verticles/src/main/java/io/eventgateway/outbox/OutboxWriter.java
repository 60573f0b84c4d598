package io.eventgateway.outbox;

import io.eventgateway.batch.GroupFlusher;
import io.eventgateway.config.GatewayConfig.OutboxConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.health.BackendStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outbox rows with group commit ({@link GroupFlusher}): requests that arrive while a flush is
 * running are written together by the next one, in a single multi-row
 * {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, which is one transaction. A request's rows are
 * never split across transactions, so each request is committed or failed as a whole. After each
 * commit the inserted rows go to {@code onCommitted} in one hand-off (the relay), before any caller
 * hears back. A commit that takes longer than the query timeout fails its requests (503; the rows may
 * still commit, in which case the client's retry is answered "duplicate" and the poller publishes them),
 * and a failure that means PostgreSQL is unreachable marks it down, so later requests fail fast.
 *
 * <p>Not thread-safe: each ingest verticle owns one and calls it on its event loop.
 */
public final class OutboxWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);

  static final String INSERT = """
    INSERT INTO outbox (source, event_id, topic, partition_key, payload, shard)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
    ON CONFLICT (source, event_id) DO NOTHING
    RETURNING seq, source, event_id, shard""";

  /** Observes flushes (batch sizes and commit times, for metrics). */
  public interface FlushListener {
    void flushed(int rows, long nanos, boolean success);
  }

  private final Pool pool;
  private final Shards shards;
  private final long queryTimeoutMillis;
  private final BackendStatus postgres;
  private final FlushListener listener;
  private final Consumer<List<CommittedRow>> onCommitted;
  private final GroupFlusher<OutboxRow, Long> flusher;

  public OutboxWriter(Pool pool, Shards shards, OutboxConfig config, Duration queryTimeout, BackendStatus postgres,
                      FlushListener listener, Consumer<List<CommittedRow>> onCommitted) {
    this.pool = pool;
    this.shards = shards;
    this.queryTimeoutMillis = queryTimeout.toMillis();
    this.postgres = postgres;
    this.listener = listener;
    this.onCommitted = onCommitted;
    this.flusher = new GroupFlusher<>(config.maxBatchRows(), config.maxQueuedRows(), this::insert,
      () -> new GatewayException(ErrorCode.OVERLOADED, "The outbox write queue is full; retry shortly"))
      .minInterval(config.minCommitInterval());
  }

  /**
   * Appends rows; the future completes once their transaction committed, with, per row in order, its
   * outbox sequence number, or null when (source, id) was already in the outbox (a duplicate).
   */
  public Future<List<Long>> append(List<OutboxRow> rows) {
    return flusher.submit(rows);
  }

  private Future<List<Long>> insert(List<OutboxRow> rows) {
    long start = System.nanoTime();
    return pool.preparedQuery(INSERT).execute(columns(rows))
      .timeout(queryTimeoutMillis, TimeUnit.MILLISECONDS)
      .transform(result -> {
        listener.flushed(rows.size(), System.nanoTime() - start, result.succeeded());
        if (result.failed()) {
          if (!PgFailures.unavailable(result.cause()) || !postgres.markDown(result.cause())) {
            LOG.warn("Outbox commit of {} row(s) failed: {}", rows.size(), result.cause().toString());
          }
          return Future.failedFuture(new GatewayException(ErrorCode.STORAGE_UNAVAILABLE,
            "The event could not be committed; it was not accepted. Retry later", result.cause()));
        }
        postgres.markUp();
        return Future.succeededFuture(sequenceNumbers(rows, result.result()));
      });
  }

  /** Per row, its seq, or null if it was not inserted; hands the inserted rows to the relay. */
  private List<Long> sequenceNumbers(List<OutboxRow> rows, RowSet<Row> inserted) {
    Map<String, Row> insertedByIdentity = new HashMap<>();
    for (Row row : inserted) {
      insertedByIdentity.put(row.getString("source") + '\u0000' + row.getString("event_id"), row);
    }
    List<Long> seqs = new ArrayList<>(rows.size());
    List<CommittedRow> committed = new ArrayList<>(inserted.size());
    for (OutboxRow row : rows) {
      // remove(): if two requests in one flush carried the same event, only the first inserted it.
      Row insertedRow = insertedByIdentity.remove(row.identity());
      seqs.add(insertedRow == null ? null : insertedRow.getLong("seq"));
      if (insertedRow != null) {
        committed.add(CommittedRow.of(insertedRow.getLong("seq"), insertedRow.getInteger("shard"), row));
      }
    }
    onCommitted.accept(committed);
    return seqs;
  }

  private Tuple columns(List<OutboxRow> rows) {
    int n = rows.size();
    Integer[] shardOf = new Integer[n];
    String[] sources = new String[n];
    String[] ids = new String[n];
    String[] topics = new String[n];
    String[] keys = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      OutboxRow row = rows.get(i);
      sources[i] = row.source();
      ids[i] = row.eventId();
      topics[i] = row.topic();
      keys[i] = row.partitionKey();
      payloads[i] = row.payload();
      shardOf[i] = shards.of(row.partitionKey(), row.source(), row.eventId());
    }
    return Tuple.of(sources, ids, topics, keys, payloads, shardOf);
  }
}
