package io.eventgateway.outbox;

import io.vertx.core.json.JsonObject;

/**
 * One event on its way into the outbox. {@code event} is the parsed structured event, carried along so
 * the relay can build Kafka headers without parsing {@code payload} again.
 */
public record OutboxRow(String source, String eventId, String topic, String partitionKey, String payload,
                        JsonObject event) {

  /** Identity for matching RETURNING rows back to requests. */
  String identity() {
    return source + '\u0000' + eventId;
  }
}
