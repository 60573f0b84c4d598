package io.eventgateway.it;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Arrays;

/**
 * Direct SQL on the shared stack's outbox: tests set row states (dead, published at a given offset) here
 * rather than waiting for the relay to reach them, so they do not depend on how the relay works.
 */
final class OutboxSql implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final PgConnection connection;

  OutboxSql() {
    this(null);
  }

  /** On another database of the shared stack's PostgreSQL (null: the gateway's). */
  OutboxSql(String database) {
    PgConnectOptions options = PgConnectOptions.fromUri(SharedStack.stack().postgres().uri());
    connection = PgConnection.connect(vertx, database == null ? options : options.setDatabase(database)).await();
  }

  RowSet<Row> query(String sql, Object... params) {
    return connection.preparedQuery(sql).execute(Tuple.tuple(Arrays.asList(params))).await();
  }

  /** A row as the relay leaves it when it gives up: never published, copied to the dead-letter topic. */
  int update(String sql, Object... params) {
    return query(sql, params).rowCount();
  }

  long insertDead(String source, String id, String topic, String type, String partitionKey, String error) {
    String payload = GatewayClient.event(source, id).put("type", type).encode();
    return query("""
      INSERT INTO outbox (source, event_id, topic, partition_key, payload, attempts, last_error, first_failed_at,
                          last_failed_at, dead_at, created_at)
      VALUES ($1, $2, $3, $4, $5, 3, $6, now() - interval '2 minutes', now() - interval '1 minute', now(),
              now() - interval '3 minutes')
      RETURNING seq""", source, id, topic, partitionKey, payload, error).iterator().next().getLong("seq");
  }

  long seq(String source, String id) {
    return query("SELECT seq FROM outbox WHERE source = $1 AND event_id = $2", source, id)
      .iterator().next().getLong("seq");
  }

  /** Waits until every row of {@code source} is marked published (by the relay). */
  void awaitPublished(String source, int rows, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count("SELECT count(*) FROM outbox WHERE source = $1 AND published_at IS NOT NULL", source) < rows) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(rows + " row(s) of " + source + " not published within " + timeout);
      }
      Pause.millis(100);
    }
  }

  long count(String sql, Object... params) {
    return query(sql, params).iterator().next().getLong(0);
  }

  /** The payload the gateway stored for an event, as JSON. */
  JsonObject payload(String source, String id) {
    return new JsonObject(query("SELECT payload FROM outbox WHERE source = $1 AND event_id = $2", source, id)
      .iterator().next().getString("payload"));
  }

  @Override
  public void close() {
    try {
      connection.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
