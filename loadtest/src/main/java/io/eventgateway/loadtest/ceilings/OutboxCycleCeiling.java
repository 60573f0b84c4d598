package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL ceiling for everything the durable path asks of it per event: each cycle commits 100 new
 * rows ({@link GatewaySql#INSERT}), reads them back as the relay does (per shard after its cursor,
 * {@link GatewaySql#RELAY_NEXT}) and marks them published ({@link GatewaySql#MARK_PUBLISHED}), each its
 * own transaction, on a scratch outbox made by the gateway's schema. Two lanes, each on the shards of
 * its own parity, so neither reads the other's rows. A row counts once it is marked; latency is one
 * cycle. Retention's later DELETE is not in it.
 */
final class OutboxCycleCeiling {
  static final int BATCH = 100;
  static final int LANES = 2;
  static final String SETUP = "per " + BATCH + " rows: the gateway's INSERT, the relay's read (per-shard NEXT) "
    + "and its published mark (UPDATE), each a transaction; " + LANES + " lanes, " + OutboxRows.SHARDS + " shards";

  private final Vertx vertx;
  private final String uri;
  private final AtomicLong nextId = new AtomicLong();

  OutboxCycleCeiling(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.uri = uri;
  }

  Ceiling measure(Plan plan) {
    Lane[] lanes = {new Lane(0), new Lane(1)};
    return ScratchOutbox.measure(vertx, uri, LANES, "outbox", SETUP, plan,
      (pool, measurement) -> ClosedLoop.runLanes(LANES, measurement, lane -> lanes[lane].cycle(pool)));
  }

  /** One lane's shards and its relay cursor on each: the highest seq it has read there. */
  private final class Lane {
    private final Integer[] shards = new Integer[OutboxRows.SHARDS / LANES];
    private final Long[] cursors = new Long[shards.length];

    Lane(int index) {
      for (int i = 0; i < shards.length; i++) {
        shards[i] = index + LANES * i;
        cursors[i] = 0L;
      }
    }

    Future<Integer> cycle(Pool pool) {
      Tuple rows = OutboxRows.next(nextId, BATCH, i -> shards[i % shards.length]);
      return pool.preparedQuery(GatewaySql.INSERT).execute(rows)
        .compose(inserted -> pool.preparedQuery(GatewaySql.RELAY_NEXT).execute(Tuple.of(shards, cursors, BATCH)))
        .compose(read -> {
          List<Long> seqs = new ArrayList<>(read.size());
          for (Row row : read) {
            long seq = row.getLong("seq");
            int at = row.getInteger("shard") / LANES;
            cursors[at] = Math.max(cursors[at], seq);
            seqs.add(seq);
          }
          Long[] marked = seqs.toArray(Long[]::new);
          Integer[] partitions = new Integer[marked.length];
          Arrays.fill(partitions, 0);
          return pool.preparedQuery(GatewaySql.MARK_PUBLISHED).execute(Tuple.of(marked, partitions, marked))
            .map(updated -> updated.rowCount());
        });
    }
  }
}
