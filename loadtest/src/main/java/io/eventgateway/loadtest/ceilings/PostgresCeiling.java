package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL ceiling for the outbox write alone: the gateway's own statement ({@link GatewaySql#INSERT}),
 * 100 new rows per statement (one transaction each), from 2 connections at once, into a scratch outbox
 * made by the gateway's schema ({@link ScratchOutbox}). Latency is one statement's round trip, i.e. its
 * commit. What the relay then does to each row is in {@link OutboxCycleCeiling}.
 */
final class PostgresCeiling {
  static final int BATCH = 100;
  static final int CONNECTIONS = 2;
  static final String SETUP = "the gateway's INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO NOTHING RETURNING, "
    + BATCH + " rows per statement, " + CONNECTIONS + " connections, " + Payloads.EVENT_BYTES + "-byte payloads";

  private final Vertx vertx;
  private final String uri;
  private final AtomicLong nextId = new AtomicLong();

  PostgresCeiling(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.uri = uri;
  }

  Ceiling measure(Plan plan) {
    return ScratchOutbox.measure(vertx, uri, CONNECTIONS, "postgres", SETUP, plan,
      (pool, measurement) -> ClosedLoop.run(CONNECTIONS, measurement, () -> insertBatch(pool)));
  }

  private Future<Integer> insertBatch(Pool pool) {
    return pool.preparedQuery(GatewaySql.INSERT).execute(OutboxRows.next(nextId, BATCH, i -> i % OutboxRows.SHARDS))
      .map(rows -> rows.rowCount());
  }
}
