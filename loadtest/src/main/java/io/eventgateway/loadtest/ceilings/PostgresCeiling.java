package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL ceiling for the outbox write: the gateway's own statement (OutboxWriter.INSERT), 100 new
 * rows per statement (one transaction each), from 2 connections at once, into a scratch copy of the
 * outbox table that is dropped afterwards. Latency is one statement's round trip, i.e. its commit.
 */
final class PostgresCeiling {
  static final int BATCH = 100;
  static final int CONNECTIONS = 2;
  static final String TABLE = "ceiling_outbox";
  static final String SETUP = "INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO NOTHING RETURNING, "
    + BATCH + " rows per statement, " + CONNECTIONS + " connections, " + Payloads.EVENT_BYTES + "-byte payloads";

  /** conf/sql/schema.sql's outbox: same columns, unique constraint and partial index. */
  private static final String CREATE = """
    CREATE TABLE ceiling_outbox (
      seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source        TEXT        NOT NULL,
      event_id      TEXT        NOT NULL,
      topic         TEXT        NOT NULL,
      partition_key TEXT,
      payload       TEXT        NOT NULL,
      created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
      published_at  TIMESTAMPTZ,
      CONSTRAINT ceiling_outbox_event_unique UNIQUE (source, event_id)
    )""";
  private static final String INDEX =
    "CREATE INDEX ceiling_outbox_unpublished_idx ON ceiling_outbox (seq) WHERE published_at IS NULL";
  private static final String DROP = "DROP TABLE IF EXISTS " + TABLE;

  /** OutboxWriter.INSERT, on the scratch table. */
  static final String INSERT = """
    INSERT INTO ceiling_outbox (source, event_id, topic, partition_key, payload)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
    ON CONFLICT (source, event_id) DO NOTHING
    RETURNING seq, source, event_id""";

  private final Vertx vertx;
  private final String uri;
  private final AtomicLong nextId = new AtomicLong();

  PostgresCeiling(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.uri = uri;
  }

  Ceiling measure(Plan plan) {
    // The gateway's connection settings (OutboxDatabase.pool).
    PgConnectOptions connect = PgConnectOptions.fromUri(uri).setPipeliningLimit(256).setCachePreparedStatements(true);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(CONNECTIONS)).connectingTo(connect)
      .using(vertx).build();
    long timeout = plan.warmupSeconds() + plan.seconds() + 60L;
    try {
      // A leftover of an interrupted run goes first.
      pool.query(DROP).execute().compose(v -> pool.query(CREATE).execute()).compose(v -> pool.query(INDEX).execute())
        .await(30, TimeUnit.SECONDS);
      Measurement measurement = Measurement.start(plan);
      try {
        ClosedLoop.run(CONNECTIONS, measurement, () -> insertBatch(pool)).await(timeout, TimeUnit.SECONDS);
      } finally {
        pool.query(DROP).execute().await(30, TimeUnit.SECONDS);
      }
      return measurement.result("postgres", "rows", SETUP);
    } catch (Exception e) {
      return Ceiling.failed("postgres", "rows", SETUP, Measurement.describe(e));
    } finally {
      Quietly.await(pool.close(), "closing the PostgreSQL pool");
    }
  }

  private Future<Integer> insertBatch(Pool pool) {
    String[] sources = new String[BATCH];
    String[] ids = new String[BATCH];
    String[] topics = new String[BATCH];
    String[] keys = new String[BATCH];
    String[] payloads = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      long n = nextId.getAndIncrement();
      sources[i] = "/ceilings";
      ids[i] = Long.toString(n);
      topics[i] = "events";
      keys[i] = Payloads.key(n);
      payloads[i] = Payloads.event(n);
    }
    return pool.preparedQuery(INSERT).execute(Tuple.of(sources, ids, topics, keys, payloads))
      .map(rows -> rows.rowCount());
  }
}
