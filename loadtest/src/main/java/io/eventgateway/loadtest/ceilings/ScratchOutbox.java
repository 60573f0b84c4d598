package io.eventgateway.loadtest.ceilings;

import io.eventgateway.outbox.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The gateway's outbox, made by its own {@code conf/sql/schema.sql} (indexes and all) in a schema of its
 * own, so that the PostgreSQL ceilings write the table the gateway writes and leave the gateway's
 * tables alone. Dropped before it is made (a leftover of an interrupted run) and after the measurement.
 */
final class ScratchOutbox {
  static final String SCHEMA = "ceiling_scratch";

  private ScratchOutbox() {
  }

  /**
   * A pool of the given size whose connections see the scratch schema first, with the gateway's
   * connection settings ({@code OutboxDatabase.pool}), once the schema is made.
   */
  static Future<Pool> create(Vertx vertx, String uri, int connections) {
    PgConnectOptions connect = PgConnectOptions.fromUri(uri).setPipeliningLimit(256).setCachePreparedStatements(true)
      .addProperty("search_path", SCHEMA);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections)).connectingTo(connect)
      .using(vertx).build();
    return pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute()
      .compose(v -> pool.query("CREATE SCHEMA " + SCHEMA).execute())
      .compose(v -> SchemaMigrator.apply(pool))
      .map(pool)
      .recover(failure -> pool.close().transform(ignored -> Future.failedFuture(failure)));
  }

  /** Drops the scratch schema; the pool stays open. */
  static Future<Void> drop(Pool pool) {
    return pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute().mapEmpty();
  }
}
