package io.eventgateway.loadtest.ceilings;

import io.eventgateway.outbox.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

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
  private static Future<Pool> create(Vertx vertx, String uri, int connections) {
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

  /**
   * Makes the scratch outbox, measures with drive (the drivers' run, given the pool and the
   * measurement), drops the outbox again: the "rows" ceiling of component, or why it failed.
   */
  static Ceiling measure(Vertx vertx, String uri, int connections, String component, String setup, Plan plan,
                         BiFunction<Pool, Measurement, Future<Void>> drive) {
    Pool pool;
    try {
      pool = create(vertx, uri, connections).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Ceiling.failed(component, "rows", setup, Measurement.describe(e));
    }
    try {
      Measurement measurement = Measurement.start(plan);
      drive.apply(pool, measurement).await(plan.warmupSeconds() + plan.seconds() + 60L, TimeUnit.SECONDS);
      return measurement.result(component, "rows", setup);
    } catch (Exception e) {
      return Ceiling.failed(component, "rows", setup, Measurement.describe(e));
    } finally {
      Quietly.await(drop(pool), "dropping the scratch outbox");
      Quietly.await(pool.close(), "closing the PostgreSQL pool");
    }
  }

  /** Drops the scratch schema; the pool stays open. */
  private static Future<Void> drop(Pool pool) {
    return pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute().mapEmpty();
  }
}
