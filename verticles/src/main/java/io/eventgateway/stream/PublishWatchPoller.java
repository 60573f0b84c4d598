package io.eventgateway.stream;

import io.eventgateway.config.GatewayConfig.PgConfig;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.stream.PublishWatch.Publication;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Ends waits for rows this instance's relay did not report: their shard is published by another instance,
 * or the report came before the wait began. Every tick, one primary-key lookup of all the rows waited for
 * longer than the local path normally takes; no query at all while nobody waits.
 */
public final class PublishWatchPoller extends VerticleBase {
  /** How often overdue waits are looked up, and how long a wait is left to the local relay first. */
  static final long TICK_MS = 100;
  private static final int MAX_ROWS_PER_QUERY = 5000;
  private static final String OUTCOMES = """
    SELECT seq, topic, kafka_partition, kafka_offset, published_at IS NOT NULL AS published, last_error
    FROM outbox WHERE seq = ANY($1::bigint[]) AND (published_at IS NOT NULL OR dead_at IS NOT NULL)""";

  private final PublishWatch watch;
  private final PgConfig pg;
  private Pool pool;
  private long timer = -1;
  private boolean querying;

  public PublishWatchPoller(PublishWatch watch, PgConfig pg) {
    this.watch = watch;
    this.pg = pg;
  }

  @Override
  public Future<?> start() {
    // One connection, opened at the first wait that needs it.
    pool = OutboxDatabase.pool(vertx, pg, 1, "publish-watch");
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool.close();
  }

  private void tick() {
    if (querying) {
      return;
    }
    List<Long> overdue = watch.overdue(TimeUnit.MILLISECONDS.toNanos(TICK_MS), MAX_ROWS_PER_QUERY);
    if (overdue.isEmpty()) {
      return;
    }
    querying = true;
    pool.preparedQuery(OUTCOMES).execute(Tuple.of((Object) overdue.toArray(new Long[0])))
      .timeout(pg.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(rows -> {
        for (Row row : rows) {
          watch.complete(row.getLong("seq"), row.getBoolean("published")
            ? Publication.published(row.getString("topic"), row.getInteger("kafka_partition"), row.getLong("kafka_offset"))
            : Publication.dead(row.getString("topic"), row.getString("last_error")));
        }
      })
      // Waits end by their timeout anyway; a failed lookup only means they may end as pending.
      .onFailure(e -> LoggerFactory.getLogger(PublishWatchPoller.class)
        .debug("Looking up published rows failed: {}", e.toString()))
      .onComplete(done -> querying = false);
  }
}
