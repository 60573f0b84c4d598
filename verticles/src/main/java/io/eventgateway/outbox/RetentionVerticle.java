package io.eventgateway.outbox;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.config.GatewayConfig.OutboxConfig;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox rows past retention, so the table (and its indexes) stop growing: published rows
 * {@code outbox.retention} after they were published, dead-lettered rows {@code outbox.dead-retention}
 * after they died, pending rows never. Each DELETE takes at most {@code outbox.retention-batch} rows,
 * oldest first, locked with {@code SKIP LOCKED}: it holds its locks briefly, never waits on a row someone
 * else holds, and instances sweeping at the same time split the rows instead of queueing on each other.
 * A sweep repeats while full batches come back, then pauses for {@code outbox.retention-interval}.
 */
public final class RetentionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  static final String DELETE_PUBLISHED = """
    DELETE FROM outbox WHERE seq IN (
      SELECT seq FROM outbox WHERE published_at < now() - make_interval(secs => $1)
      ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";
  static final String DELETE_DEAD = """
    DELETE FROM outbox WHERE seq IN (
      SELECT seq FROM outbox WHERE dead_at IS NOT NULL AND dead_at < now() - make_interval(secs => $1)
      ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)""";

  private final GatewayConfig config;
  private final OutboxConfig outbox;
  private final BackendStatus postgres;
  private final GatewayMetrics metrics;
  private Pool pool;
  private long timer = -1;
  private boolean stopped;

  public RetentionVerticle(GatewayConfig config, BackendStatus postgres, GatewayMetrics metrics) {
    this.config = config;
    this.outbox = config.outbox();
    this.postgres = postgres;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    pool = OutboxDatabase.pool(vertx, config.pg(), 1, "retention");
    // Both series exist from the start, so a dashboard shows 0 rather than nothing.
    metrics.retentionDeleted("published", 0);
    metrics.retentionDeleted("dead", 0);
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(outbox.retentionInterval().toMillis(), id -> sweep()
        .onFailure(e -> LOG.warn("Outbox retention sweep failed, next one in {}: {}", outbox.retentionInterval(),
          e.toString()))
        .onComplete(done -> schedule()));
    }
  }

  /** One sweep: expired published rows, then expired dead rows; completes with the rows deleted. */
  Future<Long> sweep() {
    if (!postgres.up()) {
      // Nothing to gain from piling statements on a database that is down; the probe says when it is back.
      return Future.succeededFuture(0L);
    }
    return deleteExpired(DELETE_PUBLISHED, outbox.retention(), "published", 0)
      .compose(published -> deleteExpired(DELETE_DEAD, outbox.deadRetention(), "dead", 0)
        .map(dead -> {
          if (published + dead > 0) {
            LOG.debug("Outbox retention deleted {} published and {} dead row(s)", published, dead);
          }
          return published + dead;
        }));
  }

  /** Deletes batch after batch until one comes back short (nothing more has expired) or the verticle stops. */
  private Future<Long> deleteExpired(String sql, Duration retention, String state, long deletedSoFar) {
    if (stopped) {
      return Future.succeededFuture(deletedSoFar);
    }
    int batch = outbox.retentionBatch();
    return pool.preparedQuery(sql).execute(Tuple.of(retention.toMillis() / 1000.0, batch))
      .timeout(config.pg().queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .compose(rows -> {
        int deleted = rows.rowCount();
        metrics.retentionDeleted(state, deleted);
        long total = deletedSoFar + deleted;
        return deleted < batch ? Future.succeededFuture(total) : deleteExpired(sql, retention, state, total);
      });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return pool.close();
  }
}
