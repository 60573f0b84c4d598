package io.eventgateway.outbox;

import io.eventgateway.config.GatewayConfig.PgConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds PostgreSQL pools with the gateway's bounds: limited size, limited wait, limited wait queue. */
public final class OutboxDatabase {
  /** The channel every relay listens on; a {@code NOTIFY} on it makes them read the outbox at once. */
  public static final String RELAY_CHANNEL = "eventgateway_outbox";
  /** Wakes every relay, sent on its own after the commit it announces (never inside it). */
  public static final String WAKE_RELAYS = "NOTIFY " + RELAY_CHANNEL;

  private OutboxDatabase() {
  }

  public static Pool pool(Vertx vertx, PgConfig config, int size, String name) {
    return build(vertx, config, new PoolOptions(), size, name);
  }

  /**
   * One pool of {@code size} connections per Vert.x instance under {@code name}, however many verticle
   * instances ask for it (each closes its own handle; the last close closes the connections): for
   * occasional reads from every event loop that should not cost a connection per loop.
   */
  public static Pool sharedPool(Vertx vertx, PgConfig config, int size, String name) {
    return build(vertx, config, new PoolOptions().setShared(true), size, name);
  }

  private static Pool build(Vertx vertx, PgConfig config, PoolOptions pool, int size, String name) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.uri())
      .setPipeliningLimit(256)
      .setCachePreparedStatements(true)
      // The server gives up a little after the client does: a statement the client timed out must not
      // keep running and hold its connection (and locks) behind the client's back.
      .addProperty("statement_timeout", Long.toString(config.queryTimeout().toMillis() + 1000));
    pool
      .setName(name)
      .setMaxSize(size)
      // A request that cannot get a connection soon fails fast (503) instead of hanging.
      .setConnectionTimeout((int) config.poolWait().toMillis())
      .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
      .setMaxWaitQueueSize(size * 64);
    NetClientOptions net = new NetClientOptions().setConnectTimeout((int) config.connectTimeout().toMillis());
    return PgBuilder.pool().with(pool).with(net).connectingTo(connect).using(vertx).build();
  }
}
