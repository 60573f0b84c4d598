package io.eventgateway.stream;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter copy of a record Kafka refused for good: same key, value and CloudEvents headers, on
 * the row's topic plus the configured suffix, with headers saying where it was going, why it failed,
 * after how many attempts and when.
 */
final class DeadLetters {
  static final String ORIGINAL_TOPIC = "eventgateway-original-topic";
  static final String ERROR = "eventgateway-error";
  static final String ATTEMPTS = "eventgateway-attempts";
  static final String FIRST_FAILURE = "eventgateway-first-failure";
  static final String LAST_FAILURE = "eventgateway-last-failure";

  private final String suffix;

  DeadLetters(String suffix) {
    this.suffix = suffix;
  }

  ProducerRecord<String, String> of(ProducerRecord<String, String> original, String error, int attempts,
                                    OffsetDateTime firstFailure, OffsetDateTime lastFailure) {
    RecordHeaders headers = new RecordHeaders(original.headers().toArray());
    add(headers, ORIGINAL_TOPIC, original.topic());
    add(headers, ERROR, error);
    add(headers, ATTEMPTS, Integer.toString(attempts));
    add(headers, FIRST_FAILURE, firstFailure.toString());
    add(headers, LAST_FAILURE, lastFailure.toString());
    return new ProducerRecord<>(original.topic() + suffix, null, original.key(), original.value(), headers);
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
