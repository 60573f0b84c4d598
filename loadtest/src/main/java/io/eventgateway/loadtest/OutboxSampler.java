package io.eventgateway.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the outbox's size through a run: rows retained, rows pending and the table's size on disk
 * (heap, indexes and TOAST). Long runs use it to show that retention keeps the table bounded; the
 * verdict compares the largest size in the run's last third with the largest in its middle third.
 */
final class OutboxSampler implements AutoCloseable {
  private static final String SAMPLE = """
    SELECT (SELECT count(*) FROM outbox) AS rows,
           (SELECT count(*) FROM outbox WHERE published_at IS NULL AND dead_at IS NULL) AS pending,
           pg_total_relation_size('outbox') AS bytes""";

  private record Sample(double t, long rows, long pending, long bytes) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final long startNanos = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final long timer;

  OutboxSampler(Vertx vertx, String pgUri, Duration interval) {
    this.vertx = vertx;
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
      .connectingTo(PgConnectOptions.fromUri(pgUri)).using(vertx).build();
    sample();
    this.timer = vertx.setPeriodic(interval.toMillis(), id -> sample());
  }

  private void sample() {
    double t = (System.nanoTime() - startNanos) / 1e9;
    pool.query(SAMPLE).execute()
      .timeout(30, TimeUnit.SECONDS)
      .onSuccess(rows -> {
        Row row = rows.iterator().next();
        synchronized (samples) {
          samples.add(new Sample(t, row.getLong("rows"), row.getLong("pending"), row.getLong("bytes")));
        }
      });
  }

  /** The samples, the largest figures, and the growth of the last third over the middle third. */
  JsonObject toJson() {
    List<Sample> copy;
    synchronized (samples) {
      copy = List.copyOf(samples);
    }
    JsonArray list = new JsonArray();
    long maxRows = 0;
    long maxBytes = 0;
    for (Sample s : copy) {
      list.add(new JsonObject().put("t", Math.round(s.t())).put("rows", s.rows()).put("pending", s.pending())
        .put("bytes", s.bytes()));
      maxRows = Math.max(maxRows, s.rows());
      maxBytes = Math.max(maxBytes, s.bytes());
    }
    JsonObject json = new JsonObject().put("maxRows", maxRows).put("maxBytes", maxBytes).put("samples", list);
    double end = copy.isEmpty() ? 0 : copy.get(copy.size() - 1).t();
    long middle = maxBytesBetween(copy, end / 3, 2 * end / 3);
    long last = maxBytesBetween(copy, 2 * end / 3, end + 1);
    if (middle > 0 && last > 0) {
      json.put("middleThirdMaxBytes", middle).put("lastThirdMaxBytes", last)
        .put("growth", Math.round(1000.0 * last / middle) / 1000.0);
    }
    return json;
  }

  private static long maxBytesBetween(List<Sample> samples, double from, double to) {
    return samples.stream().filter(s -> s.t() >= from && s.t() < to).mapToLong(Sample::bytes).max().orElse(0);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    pool.close();
  }
}
