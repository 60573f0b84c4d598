package io.eventgateway.outbox;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which relay shard an outbox row belongs to: a hash of its partition key, so every event of one key
 * lands in one shard and is published in outbox order. Events without a key have no order to keep and
 * are spread by their identity. The hash is Kafka's murmur2, stable across versions and instances; the
 * shard count ({@code relay.shards}) must not change while rows are pending.
 */
public final class Shards {
  private final int count;

  public Shards(int count) {
    this.count = count;
  }

  public int count() {
    return count;
  }

  public int of(String partitionKey, String source, String eventId) {
    String basis = partitionKey != null ? partitionKey : source + '\u0000' + eventId;
    return Utils.toPositive(Utils.murmur2(basis.getBytes(StandardCharsets.UTF_8))) % count;
  }
}
