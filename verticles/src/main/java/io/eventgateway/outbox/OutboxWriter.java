package io.eventgateway.outbox;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outbox rows with group commit: requests that arrive while a flush is running wait for it and
 * are then written together in one multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, which
 * is one transaction. An idle writer flushes at once (no added latency); a busy one builds bigger
 * batches (fewer round trips). A request's rows are never split across transactions, so each request
 * is committed or failed as a whole.
 *
 * <p>Not thread-safe: each ingest verticle owns one and calls it on its event loop.
 */
public final class OutboxWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);

  static final String INSERT = """
    INSERT INTO outbox (source, event_id, topic, partition_key, payload)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
    ON CONFLICT (source, event_id) DO NOTHING
    RETURNING seq, source, event_id""";

  private record PendingWrite(List<OutboxRow> rows, Promise<List<Long>> promise) {
  }

  private final Pool pool;
  private final int maxBatchRows;
  private final int maxQueuedRows;
  private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
  private int queuedRows;
  private boolean flushing;
  private final FlushListener listener;

  /** Observes flushes (batch sizes for metrics, tests). */
  public interface FlushListener {
    void flushed(int requests, int rows, long nanos, boolean success);
  }

  public OutboxWriter(Pool pool, int maxBatchRows, int maxQueuedRows, FlushListener listener) {
    this.pool = pool;
    this.maxBatchRows = maxBatchRows;
    this.maxQueuedRows = maxQueuedRows;
    this.listener = listener;
  }

  /**
   * Appends rows; the future completes once their transaction committed, with, per row in order, its
   * outbox sequence number, or null when (source, id) was already in the outbox (a duplicate).
   */
  public Future<List<Long>> append(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (queuedRows + rows.size() > maxQueuedRows) {
      return Future.failedFuture(new GatewayException(ErrorCode.OVERLOADED,
        "The outbox write queue is full; retry shortly"));
    }
    Promise<List<Long>> promise = Promise.promise();
    queue.add(new PendingWrite(rows, promise));
    queuedRows += rows.size();
    flush();
    return promise.future();
  }

  private void flush() {
    if (flushing || queue.isEmpty()) {
      return;
    }
    flushing = true;
    List<PendingWrite> batch = takeBatch();
    int rowCount = batch.stream().mapToInt(w -> w.rows().size()).sum();
    long start = System.nanoTime();
    pool.preparedQuery(INSERT).execute(toColumns(batch, rowCount))
      .onComplete(result -> {
        flushing = false;
        listener.flushed(batch.size(), rowCount, System.nanoTime() - start, result.succeeded());
        if (result.succeeded()) {
          complete(batch, result.result());
        } else {
          fail(batch, result.cause());
        }
        flush();
      });
  }

  /** Whole requests, oldest first, up to maxBatchRows (a single larger request goes alone). */
  private List<PendingWrite> takeBatch() {
    List<PendingWrite> batch = new ArrayList<>();
    int rows = 0;
    while (!queue.isEmpty()) {
      int next = queue.peek().rows().size();
      if (!batch.isEmpty() && rows + next > maxBatchRows) {
        break;
      }
      PendingWrite write = queue.poll();
      batch.add(write);
      rows += next;
      queuedRows -= next;
    }
    return batch;
  }

  private static Tuple toColumns(List<PendingWrite> batch, int rowCount) {
    String[] sources = new String[rowCount];
    String[] ids = new String[rowCount];
    String[] topics = new String[rowCount];
    String[] keys = new String[rowCount];
    String[] payloads = new String[rowCount];
    int i = 0;
    for (PendingWrite write : batch) {
      for (OutboxRow row : write.rows()) {
        sources[i] = row.source();
        ids[i] = row.eventId();
        topics[i] = row.topic();
        keys[i] = row.partitionKey();
        payloads[i] = row.payload();
        i++;
      }
    }
    return Tuple.of(sources, ids, topics, keys, payloads);
  }

  private static void complete(List<PendingWrite> batch, RowSet<Row> inserted) {
    Map<String, Long> seqByIdentity = new HashMap<>();
    for (Row row : inserted) {
      seqByIdentity.put(row.getString("source") + '\u0000' + row.getString("event_id"), row.getLong("seq"));
    }
    for (PendingWrite write : batch) {
      List<Long> seqs = new ArrayList<>(write.rows().size());
      for (OutboxRow row : write.rows()) {
        // remove(): if two requests in one flush carried the same event, only the first inserted it.
        seqs.add(seqByIdentity.remove(row.identity()));
      }
      write.promise().complete(seqs);
    }
  }

  private static void fail(List<PendingWrite> batch, Throwable cause) {
    LOG.warn("Outbox commit of {} request(s) failed: {}", batch.size(), cause.toString());
    GatewayException error = new GatewayException(ErrorCode.STORAGE_UNAVAILABLE,
      "The event could not be committed; it was not accepted. Retry later", cause);
    for (PendingWrite write : batch) {
      write.promise().fail(error);
    }
  }
}
