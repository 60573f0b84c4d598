package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.eventgateway.it.Traffic.Answer;
import io.vertx.core.json.JsonArray;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission control on a gateway with a tiny ingress limit: it sheds at once when full, says how long
 * to wait, enforces the request deadline, and gives every permit back on every path. Commits are held
 * back with a table lock ({@link OutboxLock}) to keep events in flight deterministically.
 */
@ExtendWith(SharedStack.class)
class OverloadIT {
  private static final int LIMIT = 4;
  private static Gateway gateway;
  private static GatewayClient client;

  @BeforeAll
  static void start() {
    gateway = SharedStack.startGateway(Map.of("ingress.max-in-flight", String.valueOf(LIMIT),
      "http.max-batch-items", String.valueOf(LIMIT), "ingress.request-timeout", "1500ms",
      "pg.query-timeout", "20s"));
    client = new GatewayClient(gateway.httpPort());
  }

  @AfterAll
  static void stop() {
    gateway.stop().await();
  }

  private static int permitsInUse() {
    return gateway.admission().permits().inUse();
  }

  private static void await(IntSupplier value, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (value.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + ", still " + value.getAsInt());
      }
      Pause.millis(20);
    }
  }

  @Test
  void fullGatewayShedsAtOnceWithRetryAfterAndGetsEveryPermitBack() {
    String source = uniqueSource("full");
    List<CompletableFuture<Reply>> held;
    Reply shed;
    Reply shedBatch;
    long shedMillis;
    try (OutboxLock lock = new OutboxLock()) {
      held = IntStream.range(0, LIMIT)
        .mapToObj(i -> client.postStructuredAsync(event(source, "h-" + i))).toList();
      await(OverloadIT::permitsInUse, LIMIT);

      long start = System.nanoTime();
      shed = client.postStructured(event(source, "over"));
      shedMillis = (System.nanoTime() - start) / 1_000_000;
      shedBatch = client.post("/events/batch", "application/cloudevents-batch+json",
        new JsonArray().add(event(source, "b-1")).add(event(source, "b-2")).encode(), Map.of());
    }
    assertEquals(503, shed.status(), shed.body());
    assertEquals("application/problem+json", shed.contentType());
    assertEquals("urn:event-gateway:problem:overloaded", shed.json().getString("type"));
    assertTrue(Integer.parseInt(shed.retryAfter()) >= 1, "Retry-After " + shed.retryAfter());
    assertTrue(shedMillis < 1000, "shed at once, not queued: " + shedMillis + " ms");
    assertEquals(503, shedBatch.status(), shedBatch.body());

    held.forEach(f -> {
      Reply reply = f.join();
      assertTrue(reply.status() == 202 || reply.status() == 504, reply.body());
    });
    await(OverloadIT::permitsInUse, 0);
    assertEquals(202, client.postStructured(event(source, "after")).status(), "serving again");
  }

  @Test
  void deadlineAnswers504AndTheLateCommitIsKeptOnce() {
    String source = uniqueSource("deadline");
    Reply late;
    try (OutboxLock lock = new OutboxLock()) {
      late = client.postStructured(event(source, "late"));
      assertEquals(1, permitsInUse(), "the work goes on after the answer, and holds its permit");
    }
    assertEquals(504, late.status(), late.body());
    assertEquals("urn:event-gateway:problem:deadline-exceeded", late.json().getString("type"));
    assertTrue(late.retryAfter() != null);
    await(OverloadIT::permitsInUse, 0);

    Reply retry = client.postStructured(event(source, "late"));
    assertEquals("duplicate", retry.json().getString("status"), "the commit finished after the 504: " + retry.body());
    assertEquals(1, TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), "events",
      TopicReader.fromSource(source), 1, Duration.ofSeconds(30), Duration.ofSeconds(2)).size());
  }

  @Test
  void clientThatHangsUpStillGetsItsPermitReturnedAndItsEventCommitted() throws Exception {
    String source = uniqueSource("hangup");
    try (OutboxLock lock = new OutboxLock()) {
      byte[] body = event(source, "gone").encode().getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", gateway.httpPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /events HTTP/1.1\r\nHost: it\r\nContent-Type: application/cloudevents+json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        await(OverloadIT::permitsInUse, 1);
      }
      Pause.millis(200);
    }
    await(OverloadIT::permitsInUse, 0);
    assertEquals(1, TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), "events",
      TopicReader.fromSource(source), 1, Duration.ofSeconds(30), Duration.ofSeconds(2)).size());
  }

  @Test
  void connectionsOverTheLimitAreClosedAsTheyOpen() throws Exception {
    Gateway limited = SharedStack.startGateway(Map.of("http.max-connections", "2", "http.instances", "1"));
    try (Socket first = new Socket("127.0.0.1", limited.httpPort());
         Socket second = new Socket("127.0.0.1", limited.httpPort())) {
      await(() -> limited.admission().connections().open(), 2);
      try (Socket third = new Socket("127.0.0.1", limited.httpPort())) {
        third.setSoTimeout(5000);
        assertEquals(-1, third.getInputStream().read(), "closed at once, nothing read");
      }
      assertEquals(1, limited.admission().connections().refused());
      second.close();
      await(() -> limited.admission().connections().open(), 1);
      Reply reply = new GatewayClient(limited.httpPort()).postStructured(event(uniqueSource("conn"), "c-1"));
      assertEquals(202, reply.status(), "a freed slot serves again");
    } finally {
      limited.stop().await();
    }
  }

  @Test
  void backlogOverTheHighWaterMarkShedsUntilItDrains() {
    Gateway small = SharedStack.startGateway(Map.of("outbox.high-water-rows", "30", "outbox.low-water-rows", "10",
      "outbox.backlog-check-interval", "100ms", "management.probe-interval", "100ms"));
    GatewayClient smallClient = new GatewayClient(small.httpPort());
    ManagementClient management = new ManagementClient(small.managementPort());
    String source = uniqueSource("backlog");
    Map<String, Answer> answers = new HashMap<>();
    try {
      SharedStack.stack().kafka().stop();
      Reply reply = null;
      for (int i = 0; i < 2000; i++) {
        reply = smallClient.postStructured(event(source, "b-" + i));
        answers.put("b-" + i, new Answer(reply.status(), reply.retryAfter(), reply.contentType(), 0, reply.body()));
        if (reply.status() == 503) {
          break;
        }
        Pause.millis(10);
      }
      assertEquals(503, reply.status(), reply.body());
      assertEquals("urn:event-gateway:problem:outbox-backlog", reply.json().getString("type"));
      assertTrue(Integer.parseInt(reply.retryAfter()) >= 1);
      ManagementClient.Health unready = management.awaitReady(h -> h.status() == 503, Duration.ofSeconds(5));
      assertEquals(true, unready.check("outbox").getBoolean("shedding"));
      assertTrue(management.metric("eventgateway_outbox_backlog_shedding") == 1.0);

      SharedStack.stack().kafka().start();
      management.awaitReady(h -> h.status() == 200, Duration.ofSeconds(90));
      Reply accepted = smallClient.postStructured(event(source, "after"));
      assertEquals(202, accepted.status(), accepted.body());
      answers.put("after", new Answer(202, null, null, 0, accepted.body()));
    } finally {
      if (!SharedStack.stack().kafka().isRunning()) {
        SharedStack.stack().kafka().start();
      }
      small.stop().await();
    }
    Delivery.retryRefusedThenAssertExactlyOnce(new GatewayClient(SharedStack.gateway().httpPort()), source, answers);
  }
}
