package io.eventgateway.stream;

import io.eventgateway.outbox.CommittedRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers rows the direct path did not publish (crash, restart, Kafka down, relay queue full). Each
 * round claims a bounded batch of old unpublished rows with {@code FOR UPDATE SKIP LOCKED}, publishes
 * them, and marks the acknowledged ones in the same transaction, so another instance never takes the
 * same rows meanwhile. Rows younger than the grace period belong to the direct path and are left alone.
 * Rounds never overlap; a full batch triggers the next round at once, an empty one waits the interval.
 */
final class OutboxPoller {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxPoller.class);
  private static final String SELECT = """
    SELECT seq, topic, partition_key, payload FROM outbox
    WHERE published_at IS NULL AND dead_at IS NULL AND created_at < now() - make_interval(secs => $1)
      AND NOT (seq = ANY($2::bigint[]))
    ORDER BY seq LIMIT $3
    FOR UPDATE SKIP LOCKED""";
  private static final String MARK = "UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])";

  private final Vertx vertx;
  private final Pool pool;
  private final Duration interval;
  private final Duration grace;
  private final int batchSize;
  private final IntSupplier availablePermits;
  private final Set<Long> owned;
  private final Function<List<CommittedRow>, List<Future<Void>>> publish;
  private long timerId = -1;
  private boolean stopped;

  OutboxPoller(Vertx vertx, Pool pool, Duration interval, Duration grace, int batchSize,
               IntSupplier availablePermits, Set<Long> owned, Function<List<CommittedRow>, List<Future<Void>>> publish) {
    this.vertx = vertx;
    this.pool = pool;
    this.interval = interval;
    this.grace = grace;
    this.batchSize = batchSize;
    this.availablePermits = availablePermits;
    this.owned = owned;
    this.publish = publish;
  }

  void start() {
    schedule(0);
  }

  void stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> round()
      .onComplete(result -> {
        boolean full = result.succeeded() && result.result() >= batchSize;
        if (result.failed()) {
          LOG.debug("Outbox poll failed: {}", result.cause().toString());
        }
        schedule(full ? 0 : interval.toMillis());
      }));
  }

  /** One round; completes with the number of rows taken. */
  private Future<Integer> round() {
    int limit = Math.min(batchSize, availablePermits.getAsInt());
    if (limit == 0) {
      return Future.succeededFuture(0);
    }
    return pool.withTransaction(conn -> claim(conn, limit).compose(rows -> publishAndMark(conn, rows)));
  }

  private Future<List<CommittedRow>> claim(SqlConnection conn, int limit) {
    Tuple params = Tuple.of(grace.toMillis() / 1000.0, owned.toArray(new Long[0]), limit);
    return conn.preparedQuery(SELECT).execute(params).map(rows -> {
      List<CommittedRow> claimed = new ArrayList<>(rows.size());
      for (Row row : rows) {
        claimed.add(new CommittedRow(row.getLong("seq"), row.getString("topic"), row.getString("partition_key"),
          row.getString("payload"), null));
      }
      return claimed;
    });
  }

  private Future<Integer> publishAndMark(SqlConnection conn, List<CommittedRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(0);
    }
    rows.forEach(row -> owned.add(row.seq()));
    List<Future<Void>> sends = publish.apply(rows);
    // join, not all: wait for every send, then mark exactly the acknowledged ones.
    return Future.join(sends).transform(ignored -> {
      List<Long> acked = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (sends.get(i).succeeded()) {
          acked.add(rows.get(i).seq());
        }
      }
      if (acked.size() < rows.size()) {
        LOG.warn("Outbox poller: {} of {} row(s) not acknowledged by Kafka; they stay for the next round",
          rows.size() - acked.size(), rows.size());
      } else {
        LOG.info("Outbox poller published {} row(s) left unpublished", rows.size());
      }
      Future<?> mark = acked.isEmpty()
        ? Future.succeededFuture()
        : conn.preparedQuery(MARK).execute(Tuple.of(acked.toArray(new Long[0])));
      return mark.map(rows.size());
    }).eventually(() -> {
      rows.forEach(row -> owned.remove(row.seq()));
      return Future.succeededFuture();
    });
  }
}
