package io.eventgateway.it;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * Holds a SHARE lock on the outbox table in an open transaction: every commit of the gateway waits
 * behind it, so a test can keep events in flight for as long as it needs, then let them all through.
 */
final class OutboxLock implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final PgConnection connection;

  OutboxLock() {
    connection = PgConnection.connect(vertx, PgConnectOptions.fromUri(SharedStack.stack().postgres().uri())).await();
    connection.query("BEGIN").execute().await();
    connection.query("LOCK TABLE outbox IN SHARE MODE").execute().await();
  }

  /** Ends the transaction: the waiting commits go through. */
  @Override
  public void close() {
    try {
      connection.query("COMMIT").execute().await();
      connection.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
