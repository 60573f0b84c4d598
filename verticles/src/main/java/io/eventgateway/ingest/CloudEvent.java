package io.eventgateway.ingest;

import io.vertx.core.json.JsonObject;

/**
 * A validated CloudEvent in structured form. {@code json} is the whole event (attributes, extensions and
 * data) exactly as it will be stored in the outbox and written to Kafka.
 */
public record CloudEvent(String id, String source, String type, String subject, String partitionKey,
                         JsonObject json) {

  /** The Kafka record key: the {@code partitionkey} extension, else {@code subject}, else none. */
  public String kafkaKey() {
    return partitionKey != null ? partitionKey : subject;
  }
}
