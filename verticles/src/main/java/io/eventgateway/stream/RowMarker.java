package io.eventgateway.stream;

import io.eventgateway.batch.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks rows published (with their Kafka partition and offset) after Kafka acknowledged them, in
 * groups: a mark lingers briefly for others, and what arrived while earlier UPDATEs ran goes in the next one. Up to
 * {@code relay.marks-in-flight} UPDATEs run at once, on separate connections: each one waits mostly on its own
 * commit, so a backlog drains faster than with one at a time. A failed UPDATE is retried after a pause;
 * until a row is marked the relay keeps holding it, so it is not read and sent again. Marks of different
 * rows commute, so their order does not matter. Relay context only.
 */
final class RowMarker {
  private static final Logger LOG = LoggerFactory.getLogger(RowMarker.class);
  private static final long RETRY_DELAY_MS = 1000;
  /** Rows per UPDATE: large enough to amortise the round trip, small enough to finish well within its timeout. */
  static final int MAX_BATCH = 2000;
  /**
   * A mark waits this long for others to join it unless a full batch is ready: marks are off every
   * client's path (acks, even ack=published, come from Kafka), and each UPDATE is a transaction with a
   * WAL flush of its own, so a few milliseconds cut the UPDATEs per second several-fold under load.
   */
  static final long LINGER_MS = 10;

  private record Mark(long seq, int partition, long offset) {
  }

  private final Vertx vertx;
  private final RelayQueries queries;
  private final Consumer<List<Long>> onMarked;
  private final int maxInFlight;
  private List<Mark> pending = new ArrayList<>();
  private int running;
  private long lingerTimer = -1;
  /** Set by {@link #drain()}: no lingering any more, and completed once nothing is pending or running. */
  private Promise<Void> drained;

  RowMarker(Vertx vertx, RelayQueries queries, int maxInFlight, Consumer<List<Long>> onMarked) {
    this.maxInFlight = maxInFlight;
    this.vertx = vertx;
    this.queries = queries;
    this.onMarked = onMarked;
  }

  void published(long seq, int partition, long offset) {
    pending.add(new Mark(seq, partition, offset));
    next();
  }

  /**
   * Writes every mark still pending or running, at once: a clean shutdown must not leave rows Kafka
   * acknowledged unmarked, or the next owner of their shard would publish them a second time.
   */
  Future<Void> drain() {
    if (drained == null) {
      drained = CallerContext.promise();
      if (lingerTimer >= 0) {
        vertx.cancelTimer(lingerTimer);
        lingerTimer = -1;
      }
      next();
    }
    return drained.future();
  }

  /** Full batches go at once; a smaller one waits up to {@link #LINGER_MS} for more to join it. */
  private void next() {
    if (drained != null) {
      flush();
      if (pending.isEmpty() && running == 0) {
        drained.tryComplete();
      }
      return;
    }
    if (pending.size() >= MAX_BATCH) {
      flush();
    }
    if (!pending.isEmpty() && lingerTimer < 0) {
      lingerTimer = vertx.setTimer(LINGER_MS, id -> {
        lingerTimer = -1;
        flush();
      });
    }
  }

  private void flush() {
    while (running < maxInFlight && !pending.isEmpty()) {
      // Only a full batch goes out beside one already running: small ones wait to grow.
      if (drained == null && running > 0 && pending.size() < MAX_BATCH) {
        return;
      }
      List<Mark> batch;
      if (pending.size() <= MAX_BATCH) {
        batch = pending;
        pending = new ArrayList<>();
      } else {
        batch = new ArrayList<>(pending.subList(0, MAX_BATCH));
        pending = new ArrayList<>(pending.subList(MAX_BATCH, pending.size()));
      }
      mark(batch);
    }
  }

  private void mark(List<Mark> batch) {
    running++;
    Long[] seqs = new Long[batch.size()];
    Integer[] partitions = new Integer[batch.size()];
    Long[] offsets = new Long[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      seqs[i] = batch.get(i).seq();
      partitions[i] = batch.get(i).partition();
      offsets[i] = batch.get(i).offset();
    }
    queries.markPublished(seqs, partitions, offsets)
      .onSuccess(v -> {
        running--;
        onMarked.accept(List.of(seqs));
        next();
      })
      .onFailure(failure -> {
        LOG.warn("Marking {} row(s) published failed, retrying: {}", batch.size(), failure.toString());
        vertx.setTimer(RETRY_DELAY_MS, id -> {
          running--;
          batch.addAll(pending);
          pending = batch;
          next();
        });
      });
  }
}
