package io.eventgateway.outbox;

import io.eventgateway.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads one event's {@link EventStatus} by {@code (source, id)}: one lookup on the outbox's unique
 * index, bounded by a timeout. A failure never marks PostgreSQL down: status reads have a pool of their
 * own, and a crowd of them timing out must not make the gateway shed ingestion.
 */
public final class EventStatusReader {
  static final String SELECT = """
    SELECT topic, published_at, dead_at, kafka_partition, kafka_offset, attempts, last_error
    FROM outbox WHERE source = $1 AND event_id = $2""";

  private final Pool pool;
  private final long timeoutMillis;

  public EventStatusReader(Pool pool, Duration timeout) {
    this.pool = pool;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * The event's status while its row is retained; empty when it was never accepted or its row is gone.
   * Fails with a {@link GatewayException}: 503 when PostgreSQL failed or did not answer in time.
   */
  public Future<Optional<EventStatus>> read(String source, String id) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(source, id))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(PgFailures.asProblem(failure, "The event's status could not be read")))
      .map(rows -> {
        RowIterator<Row> it = rows.iterator();
        if (!it.hasNext()) {
          return Optional.empty();
        }
        Row row = it.next();
        return Optional.of(new EventStatus(source, id, row.getString("topic"), row.getOffsetDateTime("published_at"),
          row.getOffsetDateTime("dead_at"), row.getInteger("kafka_partition"), row.getLong("kafka_offset"),
          row.getInteger("attempts"), row.getString("last_error")));
      });
  }
}
