package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.eventgateway.it.ManagementClient.Health;
import io.eventgateway.it.Traffic.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each backend stopped (or slowed, or flushed) while traffic flows, then brought back: what clients see,
 * what readiness says, and that every acknowledged event is in Kafka exactly once afterwards.
 */
@ExtendWith(SharedStack.class)
class DegradedBackendsIT {
  private static final Duration STATE_CHANGE = Duration.ofSeconds(20);
  private static GatewayClient client;
  private static ManagementClient management;

  @BeforeAll
  static void clients() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
    management = new ManagementClient(SharedStack.gateway().managementPort());
  }

  @AfterEach
  void backendsRunning() {
    SharedStack.restartStoppedBackends();
    management.awaitReady(h -> h.status() == 200 && h.check("redis").getBoolean("up")
      && h.check("kafka").getBoolean("up"), Duration.ofSeconds(60));
  }

  @Test
  void redisDownMidTrafficFallsBackToPostgresDedupAndComesBackEmpty() {
    Traffic traffic = new Traffic(client, uniqueSource("redis-down"), 2).awaitMore(50);
    SharedStack.stack().redis().stop();

    Health degraded = management.awaitReady(h -> "postgresql-only".equals(h.check("redis").getString("dedup-mode")),
      STATE_CHANGE);
    assertEquals(200, degraded.status(), "PostgreSQL-only dedup keeps every guarantee: still ready");
    assertEquals(0.0, management.metric("eventgateway_dedup_mode{mode=\"redis\"}"));
    traffic.awaitMore(100);
    // Redis comes back empty: everything it knew is gone, PostgreSQL's constraint must catch the copies.
    SharedStack.stack().redis().start();
    management.awaitReady(h -> "redis".equals(h.check("redis").getString("dedup-mode")), STATE_CHANGE);
    Map<String, Answer> answers = traffic.awaitMore(50).stop();

    assertEquals(answers.size(), Delivery.count(answers, 202), "Redis down must not fail any request");
    answers.keySet().stream().limit(40).forEach(id -> {
      Reply again = client.postStructured(event(traffic.source(), id));
      assertEquals("duplicate", again.json().getString("status"), id);
    });
    Delivery.retryRefusedThenAssertExactlyOnce(client, traffic.source(), answers);
  }

  @Test
  void slowRedisCostsOneTimeoutNotOnePerRequest() throws Exception {
    Gateway gateway = SharedStack.startGateway(Map.of("redis.timeout", "200ms", "management.probe-interval", "200ms",
      "management.probe-timeout", "200ms"));
    try {
      GatewayClient slowClient = new GatewayClient(gateway.httpPort());
      String source = uniqueSource("redis-slow");
      // DEBUG SLEEP blocks the whole Redis server, as a stalled or swapping Redis would.
      CompletableFuture<String> sleep = CompletableFuture.supplyAsync(
        () -> SharedStack.stack().redis().command("DEBUG", "SLEEP", "4"));
      Pause.millis(200);
      List<CompletableFuture<Long>> posts = java.util.stream.IntStream.range(0, 40).mapToObj(i -> {
        long start = System.nanoTime();
        return slowClient.postStructuredAsync(event(source, "s-" + i)).thenApply(reply -> {
          assertEquals(202, reply.status(), reply.body());
          return (System.nanoTime() - start) / 1_000_000;
        });
      }).toList();
      List<Long> millis = posts.stream().map(CompletableFuture::join).sorted().collect(Collectors.toList());
      assertTrue(millis.get(millis.size() - 1) < 2500,
        "every request is answered long before Redis wakes up (4 s): " + millis);
      assertEquals("postgresql-only", new ManagementClient(gateway.managementPort()).ready().check("redis")
        .getString("dedup-mode"));
      sleep.get();
      new ManagementClient(gateway.managementPort()).awaitReady(
        h -> "redis".equals(h.check("redis").getString("dedup-mode")), STATE_CHANGE);
    } finally {
      gateway.stop().await();
    }
  }

  @Test
  void postgresDownMidTrafficFailsFastAndRecoversByItself() {
    Traffic traffic = new Traffic(client, uniqueSource("pg-down"), 2).awaitMore(50);
    SharedStack.stack().postgres().stop();

    Health unready = management.awaitReady(h -> h.status() == 503, STATE_CHANGE);
    assertEquals("DOWN", unready.check("postgresql").getString("status"));
    traffic.awaitMore(60);
    SharedStack.stack().postgres().start();
    management.awaitReady(h -> h.status() == 200, Duration.ofSeconds(60));
    Map<String, Answer> answers = traffic.awaitMore(50).stop();

    Delivery.assertAcceptedOrCleanlyShed(answers);
    List<Long> refusedMillis = answers.values().stream().filter(a -> a.status() == 503).map(Answer::millis)
      .sorted().toList();
    assertTrue(refusedMillis.size() >= 60, "refused while down: " + refusedMillis.size());
    assertTrue(refusedMillis.get(refusedMillis.size() * 9 / 10) < 200, "fails fast once known down: " + refusedMillis);
    assertTrue(refusedMillis.get(refusedMillis.size() - 1) < 5000, "no hanging request: " + refusedMillis);
    Delivery.retryRefusedThenAssertExactlyOnce(client, traffic.source(), answers);
  }

  @Test
  void kafkaDownMidTrafficStaysReadyAndTheBacklogDrains() {
    Traffic traffic = new Traffic(client, uniqueSource("kafka-down"), 2).awaitMore(50);
    SharedStack.stack().kafka().stop();

    Health kafkaDown = management.awaitReady(h -> !h.check("kafka").getBoolean("up"), STATE_CHANGE);
    assertEquals(200, kafkaDown.status(), "the outbox absorbs a Kafka outage: still ready");
    traffic.awaitMore(200);
    management.awaitReady(h -> h.check("outbox").getLong("unpublished") > 0, STATE_CHANGE);
    assertTrue(management.metric("eventgateway_outbox_backlog_rows") > 0);

    SharedStack.stack().kafka().start();
    Map<String, Answer> answers = traffic.awaitMore(50).stop();
    assertEquals(answers.size(), Delivery.count(answers, 202), "Kafka down must not fail any request");
    Delivery.retryRefusedThenAssertExactlyOnce(client, traffic.source(), answers);
    management.awaitReady(h -> h.check("outbox").getLong("unpublished") == 0, Duration.ofSeconds(60));
  }
}
