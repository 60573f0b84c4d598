package io.eventgateway.outbox;

import io.vertx.core.json.JsonObject;

/**
 * A row that is committed in the outbox and not yet known to be published. {@code event} may be null
 * (rows read back by the poller), in which case consumers parse {@code payload}.
 */
public record CommittedRow(long seq, int shard, String topic, String partitionKey, String payload,
                           JsonObject event) {

  public static CommittedRow of(long seq, int shard, OutboxRow row) {
    return new CommittedRow(seq, shard, row.topic(), row.partitionKey(), row.payload(), row.event());
  }
}
