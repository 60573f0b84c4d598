package io.eventgateway.stream;

/** A row waiting to be published, as the relay read it from the outbox. */
record PendingRow(long seq, int shard, String topic, String partitionKey, String payload, long createdAtMillis) {
}
