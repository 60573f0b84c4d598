package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.it.GatewayClient.Reply;
import io.eventgateway.it.Traffic.Answer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks on what a {@link Traffic} run left in Kafka. */
final class Delivery {
  private Delivery() {
  }

  /**
   * Every refused event is posted again until it is accepted (a refusal must never lose an event for a
   * client that retries); then every event of the run must be in Kafka exactly once.
   */
  static void retryRefusedThenAssertExactlyOnce(GatewayClient client, String source, Map<String, Answer> answers) {
    Set<String> ids = new TreeSet<>(answers.keySet());
    for (Map.Entry<String, Answer> e : answers.entrySet()) {
      if (e.getValue().status() != 202) {
        Reply retry = retryWhile503(client, event(source, e.getKey()), Duration.ofSeconds(30));
        assertEquals(202, retry.status(), "retry of " + e.getKey() + ": " + retry.body());
      }
    }
    List<ConsumerRecord<String, String>> records = TopicReader.read(SharedStack.stack().kafka().bootstrapServers(),
      "events", TopicReader.fromSource(source), ids.size(), Duration.ofSeconds(90), Duration.ofSeconds(3));
    Map<String, Integer> copies = new HashMap<>();
    records.forEach(r -> copies.merge(TopicReader.header(r, "ce_id"), 1, Integer::sum));
    Set<String> missing = new TreeSet<>(ids);
    missing.removeAll(copies.keySet());
    assertTrue(missing.isEmpty(), "acknowledged but not in Kafka: " + missing);
    copies.forEach((id, n) -> assertEquals(1, n, "copies of " + id + " in Kafka"));
    assertEquals(ids, copies.keySet(), "Kafka holds events nobody sent");
  }

  /** Asserts every answer was a 202 or a clean retriable refusal: 503, problem+json, a Retry-After. */
  static void assertAcceptedOrCleanlyShed(Map<String, Answer> answers) {
    answers.forEach((id, a) -> {
      if (a.status() != 202) {
        assertEquals(503, a.status(), id + ": " + a.body());
        assertEquals("application/problem+json", a.contentType(), id);
        assertTrue(a.retryAfter() != null && Integer.parseInt(a.retryAfter()) >= 1, id + " Retry-After");
      }
    });
  }

  static Reply retryWhile503(GatewayClient client, io.vertx.core.json.JsonObject event, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Reply reply = client.postStructured(event);
    while (reply.status() == 503 && System.nanoTime() < deadline) {
      Pause.millis(200);
      reply = client.postStructured(event);
    }
    return reply;
  }

  static long count(Map<String, Answer> answers, int status) {
    return answers.values().stream().filter(a -> a.status() == status).count();
  }
}
