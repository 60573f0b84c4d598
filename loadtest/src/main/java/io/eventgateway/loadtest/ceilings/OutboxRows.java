package io.eventgateway.loadtest.ceilings;

import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/** New outbox rows as the parameters of {@link GatewaySql#INSERT}: event-sized, each (source, id) new. */
final class OutboxRows {
  /** The relay's default shard count ({@code relay.shards}). */
  static final int SHARDS = 64;

  private OutboxRows() {
  }

  /** count rows with ids taken from nextId; row i goes to shard {@code shardOf.applyAsInt(i)}. */
  static Tuple next(AtomicLong nextId, int count, IntUnaryOperator shardOf) {
    String[] sources = new String[count];
    String[] ids = new String[count];
    String[] topics = new String[count];
    String[] keys = new String[count];
    String[] payloads = new String[count];
    Integer[] shards = new Integer[count];
    for (int i = 0; i < count; i++) {
      long n = nextId.getAndIncrement();
      sources[i] = "/ceilings";
      ids[i] = Long.toString(n);
      topics[i] = "events";
      keys[i] = Payloads.key(n);
      payloads[i] = Payloads.event(n);
      shards[i] = shardOf.applyAsInt(i);
    }
    return Tuple.of(sources, ids, topics, keys, payloads, shards);
  }
}
