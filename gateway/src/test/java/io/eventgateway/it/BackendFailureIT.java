package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static io.eventgateway.it.TopicReader.fromSource;
import static io.eventgateway.it.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backends stopped and restarted under the gateway: nothing acknowledged is lost, nothing is doubled,
 * and a failed commit never turns the client's retry into a false duplicate.
 */
@ExtendWith(SharedStack.class)
class BackendFailureIT {
  private static GatewayClient client;

  @BeforeAll
  static void client() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
  }

  @AfterEach
  void backendsRunning() {
    SharedStack.restartStoppedBackends();
  }

  private static List<ConsumerRecord<String, String>> read(String source, int expected, Duration timeout) {
    return TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), "events", fromSource(source), expected,
      timeout, Duration.ofSeconds(3));
  }

  @Test
  void commitFailureReleasesTheClaimSoTheRetryIsAccepted() {
    String source = uniqueSource("pgdown");
    SharedStack.stack().postgres().stop();

    Reply failed = client.postStructured(event(source, "r-1"));
    assertEquals(503, failed.status(), failed.body());
    assertEquals("application/problem+json", failed.contentType());

    SharedStack.stack().postgres().start();
    Reply retry = retryUntilNot503(() -> client.postStructured(event(source, "r-1")), Duration.ofSeconds(20));
    assertEquals(202, retry.status(), retry.body());
    assertEquals("accepted", retry.json().getString("status"), "the failed commit must not make the retry a duplicate");
    assertEquals(1, read(source, 1, Duration.ofSeconds(30)).size());
  }

  @Test
  void kafkaDownStillAcceptsAndDeliversAfterRestart() {
    String source = uniqueSource("kafkadown");
    SharedStack.stack().kafka().stop();

    for (int i = 0; i < 5; i++) {
      Reply reply = client.postStructured(event(source, "k-" + i));
      assertEquals(202, reply.status(), reply.body());
    }

    SharedStack.stack().kafka().start();
    List<ConsumerRecord<String, String>> records = read(source, 5, Duration.ofSeconds(60));
    assertEquals(Set.of("k-0", "k-1", "k-2", "k-3", "k-4"), ids(records));
    assertEquals(5, records.size(), "each exactly once");
  }

  @Test
  void restartedGatewayPublishesRowsLeftUnpublished() {
    String source = uniqueSource("restart");
    Gateway first = SharedStack.startGateway(Map.of("relay.send-timeout", "3s", "kafka.producer.max.block.ms", "1000"));
    GatewayClient firstClient = new GatewayClient(first.httpPort());
    SharedStack.stack().kafka().stop();
    IntStream.range(0, 4).forEach(i -> {
      Reply reply = firstClient.postStructured(event(source, "u-" + i));
      assertEquals(202, reply.status(), reply.body());
    });
    first.stop().await();

    SharedStack.stack().kafka().start();
    Gateway second = SharedStack.startGateway(Map.of());
    try {
      List<ConsumerRecord<String, String>> records = read(source, 4, Duration.ofSeconds(60));
      assertEquals(Set.of("u-0", "u-1", "u-2", "u-3"), ids(records));
      assertEquals(4, records.size(), "each exactly once");
    } finally {
      second.stop().await();
    }
  }

  private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(r -> header(r, "ce_id")).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Reply retryUntilNot503(java.util.function.Supplier<Reply> post, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Reply reply = post.get();
    while (reply.status() == 503 && System.nanoTime() < deadline) {
      assertNotEquals("duplicate", reply.body());
      sleep(250);
      reply = post.get();
    }
    return reply;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
