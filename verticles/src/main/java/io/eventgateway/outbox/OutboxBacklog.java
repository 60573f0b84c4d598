package io.eventgateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpublished part of the outbox, measured periodically, and the high-water mark built on it: once
 * the backlog passes {@code highWaterRows} (or its oldest row {@code highWaterAge}), ingestion sheds until
 * it is back under {@code lowWaterRows}. The gap between the marks keeps shedding from flapping.
 *
 * <p>The count is exact up to the high-water mark (where the decisions are made) and costs at most that
 * many index entries; beyond it, the depth is estimated from the unpublished sequence range.
 */
public final class OutboxBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxBacklog.class);
  private static final int MAX_RETRY_AFTER_SECONDS = 60;

  static final String MEASURE = """
    WITH heads AS MATERIALIZED (%s)
    SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL AND dead_at IS NULL LIMIT $1) AS u) AS counted,
           (SELECT min(first_seq) FROM heads) AS oldest_seq,
           (SELECT EXTRACT(EPOCH FROM now() - min(first_created_at))::float8 FROM heads) AS oldest_age,
           (SELECT max(last_seq) FROM heads) AS newest_seq""".formatted(PendingHeads.SQL);

  private final long highWaterRows;
  private final long lowWaterRows;
  private final Duration highWaterAge;
  private volatile long depth;
  private volatile double oldestAgeSeconds;
  private volatile boolean shedding;
  private volatile double drainPerSecond;
  private long lastDepth;
  private long lastCheckNanos;

  public OutboxBacklog(long highWaterRows, long lowWaterRows, Duration highWaterAge) {
    this.highWaterRows = highWaterRows;
    this.lowWaterRows = lowWaterRows;
    this.highWaterAge = highWaterAge;
  }

  /** Measures the backlog and updates the shedding state. Called from one context only. */
  public Future<Void> check(Pool pool, int shards, Duration timeout) {
    return pool.preparedQuery(MEASURE).execute(Tuple.of(highWaterRows + 1, shards))
      .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
      .map(rows -> {
        Row row = rows.iterator().next();
        long counted = row.getLong("counted");
        Long oldest = row.getLong("oldest_seq");
        Long newest = row.getLong("newest_seq");
        long measured = counted <= highWaterRows || oldest == null || newest == null
          ? counted : Math.max(counted, newest - oldest + 1);
        Double age = row.getDouble("oldest_age");
        update(measured, age == null ? 0 : Math.max(0, age), System.nanoTime());
        return null;
      });
  }

  /** Applies one measurement (visible for tests). */
  void update(long measuredDepth, double ageSeconds, long nowNanos) {
    if (lastCheckNanos != 0 && nowNanos > lastCheckNanos) {
      double rate = Math.max(0, lastDepth - measuredDepth) * 1e9 / (nowNanos - lastCheckNanos);
      drainPerSecond = drainPerSecond == 0 ? rate : 0.7 * drainPerSecond + 0.3 * rate;
    }
    lastDepth = measuredDepth;
    lastCheckNanos = nowNanos;
    depth = measuredDepth;
    oldestAgeSeconds = ageSeconds;
    boolean tooOld = !highWaterAge.isZero() && ageSeconds >= highWaterAge.toSeconds();
    if (!shedding && (measuredDepth >= highWaterRows || tooOld)) {
      shedding = true;
      LOG.warn("Outbox backlog at {} row(s), oldest {} s: shedding new events until it is below {} row(s)",
        measuredDepth, (long) ageSeconds, lowWaterRows);
    } else if (shedding && measuredDepth <= lowWaterRows && !tooOld) {
      shedding = false;
      LOG.info("Outbox backlog down to {} row(s): accepting events again", measuredDepth);
    }
  }

  public boolean shedding() {
    return shedding;
  }

  public long depth() {
    return depth;
  }

  public double oldestAgeSeconds() {
    return oldestAgeSeconds;
  }

  /** Why ingestion sheds, for the client and for readiness. */
  public String reason() {
    return "the outbox holds " + depth + " unpublished event(s) (high-water mark " + highWaterRows
      + (highWaterAge.isZero() ? "" : ", or older than " + highWaterAge.toSeconds() + " s") + ")";
  }

  /** Seconds until the backlog should be under the low-water mark at the rate it drained lately. */
  public int retryAfterSeconds() {
    double rate = drainPerSecond;
    if (rate < 1) {
      return MAX_RETRY_AFTER_SECONDS;
    }
    double seconds = (depth - lowWaterRows) / rate;
    return (int) Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil(seconds)));
  }
}
