package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /events/{source}/{id}} on the ingest port, from acceptance to retention: row states are set
 * with SQL, so the answers do not depend on the relay's timing.
 */
@ExtendWith(SharedStack.class)
class EventStatusIT {
  private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);
  private static GatewayClient client;
  private static OutboxSql sql;

  @BeforeAll
  static void clients() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
    sql = new OutboxSql();
  }

  @AfterAll
  static void close() {
    sql.close();
  }

  static String statusPath(String source, String id) {
    return "/events/" + encode(source) + "/" + encode(id);
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void statusFollowsTheRowFromAcceptedToPublishedToDead() {
    String source = uniqueSource("status");
    assertEquals(202, client.postStructured(event(source, "s-1")).status());
    sql.awaitPublished(source, 1, PUBLISHED_WITHIN);

    JsonObject published = status(source, "s-1");
    assertEquals("published", published.getString("status"), published.encode());
    assertEquals(source, published.getString("source"));
    assertEquals("s-1", published.getString("id"));
    assertEquals("events", published.getString("topic"));
    assertNotNull(published.getString("published_at"));

    // Pending again, in a shard no relay holds, so it stays pending while the status is read.
    sql.query("UPDATE outbox SET published_at = NULL, shard = -1 WHERE source = $1", source);
    JsonObject accepted = status(source, "s-1");
    assertEquals(new JsonObject().put("source", source).put("id", "s-1").put("status", "accepted")
      .put("topic", "events"), accepted);

    sql.query("UPDATE outbox SET published_at = now(), kafka_partition = 2, kafka_offset = 41 WHERE source = $1",
      source);
    JsonObject landed = status(source, "s-1");
    assertEquals("published", landed.getString("status"));
    assertEquals(2, landed.getInteger("partition"));
    assertEquals(41L, landed.getLong("offset"));

    sql.query("""
      UPDATE outbox SET published_at = NULL, kafka_partition = NULL, kafka_offset = NULL, dead_at = now(),
        attempts = 3, last_error = 'RecordTooLargeException: the message is 2000000 bytes',
        first_failed_at = now(), last_failed_at = now()
      WHERE source = $1""", source);
    JsonObject dead = status(source, "s-1");
    assertEquals("dead", dead.getString("status"));
    assertEquals("RecordTooLargeException: the message is 2000000 bytes", dead.getString("reason"));
    assertEquals(3, dead.getInteger("attempts"));
    assertNotNull(dead.getString("dead_at"));
    assertFalse(dead.containsKey("partition"));
  }

  @Test
  void sourceAndIdAreMatchedExactlyAsSentOncePercentDecoded() {
    String source = uniqueSource("encoding") + "/a b%c+d/é?#";
    String id = "x/../y";
    assertEquals(202, client.postStructured(event(source, id)).status());
    assertEquals(202, client.postStructured(event(source, "..")).status());

    JsonObject json = status(source, id);
    assertEquals(source, json.getString("source"));
    assertEquals(id, json.getString("id"));
    assertEquals("..", status(source, "..").getString("id"), "an encoded dot segment is an id like any other");

    Reply unencoded = client.get("/events/" + source.substring(0, source.indexOf("/a b")) + "/" + encode(id));
    assertProblem(unencoded, 404, "not-found");
    assertTrue(unencoded.json().getString("detail").contains("%2Fshop"), unencoded.body());
    assertProblem(client.get("/events/" + encode(source) + "/%C0%AF"), 400, "bad-request");
  }

  @Test
  void neverAcceptedIs404ProblemJson() {
    assertProblem(client.get(statusPath(uniqueSource("never"), "n-1")), 404, "not-found");
  }

  @Test
  void aMalformedEscapeIs400ProblemJson() {
    // The JDK client refuses to send it; a raw connection does.
    try (RawHttp raw = RawHttp.connect(SharedStack.gateway().httpPort())) {
      RawHttp.Response reply = raw.send("GET /events/%ZZ/x HTTP/1.1\r\nHost: gateway\r\n\r\n").read();
      assertEquals(400, reply.status(), reply.body());
      assertEquals("application/problem+json", reply.header("content-type"));
      assertEquals("urn:event-gateway:problem:bad-request", reply.json().getString("type"), reply.body());
    }
  }

  @Test
  void otherGetsKeepTheirAnswers() {
    assertProblem(client.get("/events/batch"), 405, "method-not-allowed");
    assertProblem(client.get("/events"), 405, "method-not-allowed");
    assertProblem(client.get("/nope"), 404, "not-found");
  }

  @Test
  void statusTakesNoIngressPermit() {
    Gateway tiny = SharedStack.startGateway(Map.of("ingress.max-in-flight", "1", "http.max-batch-items", "1"));
    GatewayClient tinyClient = new GatewayClient(tiny.httpPort());
    String source = uniqueSource("permits");
    try {
      assertEquals(202, tinyClient.postStructured(event(source, "known")).status());
      CompletableFuture<Reply> held;
      try (OutboxLock lock = new OutboxLock()) {
        held = tinyClient.postStructuredAsync(event(source, "held"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tiny.admission().permits().inUse() < 1 && System.nanoTime() < deadline) {
          Pause.millis(20);
        }
        assertProblem(tinyClient.postStructured(event(source, "shed")), 503, "overloaded");
        Reply status = tinyClient.get(statusPath(source, "known"));
        assertEquals(200, status.status(), status.body());
      }
      assertEquals(202, held.join().status());
    } finally {
      tiny.stop().await();
    }
  }

  @Test
  void postgresDownIs503WithRetryAfter() {
    String source = uniqueSource("pgdown");
    assertEquals(202, client.postStructured(event(source, "p-1")).status());
    ManagementClient management = new ManagementClient(SharedStack.gateway().managementPort());
    SharedStack.stack().postgres().stop();
    try {
      Reply status = client.get(statusPath(source, "p-1"));
      assertProblem(status, 503, "storage-unavailable");
      assertNotNull(status.retryAfter());
      Reply outbox = management.send("GET", "/outbox/status");
      assertProblem(outbox, 503, "storage-unavailable");
      assertNotNull(outbox.retryAfter());
    } finally {
      SharedStack.restartStoppedBackends();
      awaitAccepting(source);
    }
  }

  /** After a PostgreSQL restart, the first commits may fail on connections it closed: retry until accepted. */
  private static void awaitAccepting(String source) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int i = 0; ; i++) {
      Reply reply = client.postStructured(event(source, "after-restart-" + i));
      if (reply.status() == 202 || System.nanoTime() > deadline) {
        assertEquals(202, reply.status(), reply.body());
        return;
      }
      Pause.millis(200);
    }
  }

  /**
   * Rows past retention are deleted by a gateway with a tiny retention, in batches, while events keep
   * being accepted and published; their status turns 404.
   */
  @Test
  void retentionDeletesExpiredRowsWhileNewOnesFlow() {
    String old = uniqueSource("retention-old");
    assertEquals(202, client.postStructured(event(old, "published")).status());
    assertEquals(202, client.postStructured(event(old, "dead")).status());
    sql.awaitPublished(old, 2, PUBLISHED_WITHIN);
    // Long expired, so they go in the first batches however many rows earlier tests left behind.
    sql.query("UPDATE outbox SET published_at = now() - interval '30 days' WHERE source = $1", old);
    sql.query("UPDATE outbox SET published_at = NULL, dead_at = now() - interval '30 days', attempts = 1, "
      + "last_error = 'x' WHERE source = $1 AND event_id = 'dead'", old);

    Gateway sweeping = SharedStack.startGateway(Map.of("dedup.window", "1s", "outbox.retention", "1s",
      "outbox.dead-retention", "1s", "outbox.retention-interval", "200ms", "outbox.retention-batch", "1000"));
    String fresh = uniqueSource("retention-new");
    try {
      GatewayClient sweepingClient = new GatewayClient(sweeping.httpPort());
      List<Integer> statuses = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      int sent = 0;
      while (!(gone(old, "published") && gone(old, "dead")) || sent < 40) {
        assertTrue(System.nanoTime() < deadline, "rows past retention were not deleted within 120 s");
        statuses.add(sweepingClient.postStructured(event(fresh, "n-" + sent++)).status());
        Pause.millis(50);
      }
      assertEquals(List.of(202), statuses.stream().distinct().toList(), "every new event accepted meanwhile");
      List<String> ids = TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), "events",
          TopicReader.fromSource(fresh), sent, Duration.ofSeconds(60), Duration.ofSeconds(2)).stream()
        .map(r -> TopicReader.header(r, "ce_id")).sorted().collect(Collectors.toList());
      assertEquals(IntStream.range(0, sent).mapToObj(i -> "n-" + i).sorted().toList(), ids,
        "every new event reached Kafka once");
      ManagementClient management = new ManagementClient(sweeping.managementPort());
      assertTrue(management.metric("eventgateway_outbox_retention_deleted_total{state=\"published\"}") >= 1);
      assertTrue(management.metric("eventgateway_outbox_retention_deleted_total{state=\"dead\"}") >= 1);
    } finally {
      sweeping.stop().await();
    }
  }

  private static boolean gone(String source, String id) {
    Reply reply = client.get(statusPath(source, id));
    assertTrue(reply.status() == 200 || reply.status() == 404, reply.body());
    return reply.status() == 404;
  }

  private static JsonObject status(String source, String id) {
    Reply reply = client.get(statusPath(source, id));
    assertEquals(200, reply.status(), reply.body());
    assertEquals("application/json", reply.contentType());
    return reply.json();
  }

  static void assertProblem(Reply reply, int status, String slug) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.contentType());
    assertEquals("urn:event-gateway:problem:" + slug, reply.json().getString("type"), reply.body());
  }
}
