package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WebSocket ingestion, black-box: events sent over {@code /events/ws} are acked per event once committed,
 * in the order sent, and reach Kafka exactly once; the server stops reading instead of buffering, and
 * closes misbehaving sockets with the right code. Most tests run on the shared gateway; limits and flow
 * control on a small one of their own.
 */
@ExtendWith(SharedStack.class)
class WebSocketIT {
  private static final Duration ACKS = Duration.ofSeconds(30);
  private static final String SUBPROTOCOL = "cloudevents.json";
  private static final int SMALL = 100;
  private static final int SMALL_MESSAGE_BYTES = 131_072;
  private static int port;
  /**
   * Small limits: 100 events in flight in all and per socket, 128 KiB messages, acks unread for 2 s close,
   * idle for 3 s closes, pings every 500 ms.
   */
  private static Gateway small;
  private static ManagementClient smallManagement;

  @BeforeAll
  static void start() {
    port = SharedStack.gateway().httpPort();
    small = SharedStack.startGateway(Map.of("ingress.max-in-flight", String.valueOf(SMALL),
      "http.max-batch-items", String.valueOf(SMALL), "websocket.window", String.valueOf(SMALL),
      "websocket.max-message-bytes", String.valueOf(SMALL_MESSAGE_BYTES), "websocket.unread-acks-timeout", "2s",
      "websocket.write-queue-bytes", "1024", "websocket.idle-timeout", "3s", "websocket.ping-interval", "500ms",
      "http.instances", "1"));
    smallManagement = new ManagementClient(small.managementPort());
  }

  @AfterAll
  static void stop() {
    small.stop().await();
  }

  /** The next test (of any class) finds the stack whole: a test here may have stopped Kafka or PostgreSQL. */
  @AfterEach
  void backendsRunning() {
    SharedStack.restartStoppedBackends();
    new ManagementClient(SharedStack.gateway().managementPort()).awaitReady(h -> h.status() == 200
      && h.check("kafka").getBoolean("up"), Duration.ofSeconds(60));
  }

  private static List<ConsumerRecord<String, String>> kafka(String source, int expected) {
    return TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), "events", TopicReader.fromSource(source),
      expected, Duration.ofSeconds(90), Duration.ofSeconds(2));
  }

  private static void await(DoubleSupplier value, double expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (value.getAsDouble() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + ", still " + value.getAsDouble());
      }
      Pause.millis(20);
    }
  }

  private static double smallMetric(String series) {
    String metrics = smallManagement.metrics();
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** Sends events {@code from} to {@code to} (exclusive) as messages of 20, without waiting for acks. */
  private static void stream(WsClient ws, String source, int from, int to) {
    for (int i = from; i < to; i += 20) {
      JsonArray message = new JsonArray();
      for (int k = i; k < Math.min(to, i + 20); k++) {
        message.add(event(source, "e-" + k).put("partitionkey", "one-key"));
      }
      ws.send(message.encode());
    }
  }

  private static void assertAckedInOrder(List<JsonObject> acks, int from) {
    for (int i = 0; i < acks.size(); i++) {
      JsonObject ack = acks.get(i);
      assertEquals("e-" + (from + i), ack.getString("id"), "acks come in the order the events were sent");
      assertEquals("accepted", ack.getString("status"), ack.encode());
    }
  }

  @Test
  void tenThousandEventsOverOneSocketThroughAKafkaOutageAreAckedInOrderAndReachKafkaOnceInThatOrder() {
    String source = uniqueSource("ws-10k");
    int n = 10_000;
    try (WsClient ws = WsClient.connect(port, SUBPROTOCOL)) {
      assertEquals(SUBPROTOCOL, ws.subprotocol());
      stream(ws, source, 0, n / 2);
      assertAckedInOrder(ws.events(n / 2, ACKS), 0);
      // Kafka away mid-stream: the outbox takes the events, the acks keep coming.
      SharedStack.stack().kafka().stop();
      stream(ws, source, n / 2, n);
      assertAckedInOrder(ws.events(n / 2, ACKS), n / 2);
    } finally {
      SharedStack.restartStoppedBackends();
    }
    List<ConsumerRecord<String, String>> records = kafka(source, n);
    assertEquals(n, records.size(), "each event once");
    records.sort((x, y) -> Long.compare(x.offset(), y.offset()));
    for (int i = 0; i < n; i++) {
      assertEquals("e-" + i, TopicReader.header(records.get(i), "ce_id"), "one socket's events keep their order");
    }
  }

  @Test
  void anArrayIsAckedItemByItemAndARepeatIsADuplicateOnceInKafka() {
    String source = uniqueSource("ws-array");
    try (WsClient ws = WsClient.connect(port)) {
      assertTrue(ws.subprotocol().isEmpty(), "no subprotocol asked, none chosen, same service");
      JsonArray message = new JsonArray().add(event(source, "a"))
        .add(new JsonObject().put("id", "b").put("source", source)).add(42).add(event(source, "c"));
      JsonArray acks = ws.send(message.encode()).nextArray(ACKS);
      assertEquals(4, acks.size());
      assertEquals("accepted", acks.getJsonObject(0).getString("status"));
      JsonObject invalid = acks.getJsonObject(1);
      assertEquals("rejected", invalid.getString("status"));
      assertEquals("invalid-event", invalid.getString("reason"));
      assertEquals("b", invalid.getString("id"));
      assertTrue(invalid.getString("detail").contains("is required"), invalid.encode());
      JsonObject anonymous = acks.getJsonObject(2);
      assertEquals(1L, anonymous.getLong("message"));
      assertEquals(2, anonymous.getInteger("index"));
      assertEquals("accepted", acks.getJsonObject(3).getString("status"));

      // Sent at once, without waiting: the second copy must still be told it is a duplicate.
      ws.send(event(source, "a").encode()).send(event(source, "d").encode()).send(event(source, "d").encode());
      assertEquals("duplicate", ws.nextObject(ACKS).getString("status"));
      assertEquals("accepted", ws.nextObject(ACKS).getString("status"));
      assertEquals("duplicate", ws.nextObject(ACKS).getString("status"));

      JsonObject malformed = ws.send("{\"id\":").nextObject(ACKS);
      assertEquals("malformed-json", malformed.getString("reason"));
      assertEquals(5L, malformed.getLong("message"));
      assertEquals("duplicate", ws.send(event(source, "c").encode()).nextObject(ACKS).getString("status"),
        "the socket serves on after a bad message");
      assertFalse(ws.isClosed());
    }
    Map<String, Integer> copies = new HashMap<>();
    kafka(source, 3).forEach(r -> copies.merge(TopicReader.header(r, "ce_id"), 1, Integer::sum));
    assertEquals(Map.of("a", 1, "c", 1, "d", 1), copies);
  }

  @Test
  void aHundredSocketsAtOnce() {
    String source = uniqueSource("ws-100");
    int sockets = 100;
    int perSocket = 20;
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int s = 0; s < sockets; s++) {
        clients.add(WsClient.connect(port, SUBPROTOCOL));
      }
      for (int s = 0; s < sockets; s++) {
        for (int i = 0; i < perSocket; i += 10) {
          JsonArray batch = new JsonArray();
          for (int k = i; k < i + 10; k++) {
            batch.add(event(source, s + "-" + k));
          }
          clients.get(s).send(batch.encode());
        }
      }
      for (WsClient client : clients) {
        client.events(perSocket, ACKS).forEach(ack -> assertEquals("accepted", ack.getString("status"), ack.encode()));
      }
    } finally {
      clients.forEach(WsClient::close);
    }
    assertEquals(sockets * perSocket, kafka(source, sockets * perSocket).size());
  }

  @Test
  void oversizedInvalidUtf8AndBinaryMessagesCloseWithTheirCodes() throws IOException {
    try (WsClient ws = WsClient.connect(small.httpPort())) {
      ws.send("[" + "\"x\",".repeat(SMALL_MESSAGE_BYTES / 4 + 10) + "1]");
      assertEquals(1009, ws.awaitClose(ACKS), "message too big");
    }
    try (WsClient ws = WsClient.connect(small.httpPort())) {
      ws.sendBinary("{}".getBytes(StandardCharsets.UTF_8));
      assertEquals(1003, ws.awaitClose(ACKS), "binary where JSON text is expected");
    }
    try (RawWebSocket raw = RawWebSocket.connect(small.httpPort(), 0)) {
      raw.send(RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, true);
      assertEquals(1007, raw.awaitClose(ACKS), "ill-formed UTF-8");
    }
    try (RawWebSocket raw = RawWebSocket.connect(small.httpPort(), 0)) {
      // One frame over the limit: refused from its header, before its payload is read.
      // Only its head is sent: the server closes at once, and a client still writing would get a broken pipe.
      raw.sendHead(RawWebSocket.TEXT, new byte[SMALL_MESSAGE_BYTES + 1]);
      assertEquals(1009, raw.awaitClose(ACKS));
    }
    try (WsClient ws = WsClient.connect(small.httpPort())) {
      assertEquals("accepted", ws.send(event(uniqueSource("ws-after"), "1").encode()).nextObject(ACKS)
        .getString("status"), "the gateway serves on");
    }
  }

  @Test
  void anIdleSocketIsClosedNormallyAndOneThatAnswersNoPingGoesFirst() {
    try (WsClient ws = WsClient.connect(small.httpPort());
         RawWebSocket silent = RawWebSocket.connect(small.httpPort(), 0)) {
      long start = System.nanoTime();
      // The raw client reads the pings but never answers them: gone after two ping intervals.
      assertEquals(1001, silent.awaitClose(Duration.ofSeconds(20)));
      assertTrue(System.nanoTime() - start < 2_500_000_000L, "closed before the idle timeout");
      // The JDK client answers every ping, and is closed only once idle.
      assertFalse(ws.isClosed());
      assertEquals(1000, ws.awaitClose(Duration.ofSeconds(20)));
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds >= 2 && seconds <= 6, "closed after the 3 s idle timeout: " + seconds + " s");
    }
  }

  @Test
  void aClientThatDoesNotReadItsAcksIsNotReadFromThenClosedWith1008() throws Exception {
    String source = uniqueSource("ws-unread");
    String padding = "p".repeat(1000);
    AtomicLong written = new AtomicLong();
    // An 8 KiB receive buffer, never read: the acks (about as large as the events, by their ids) back up.
    RawWebSocket raw = RawWebSocket.connect(small.httpPort(), 4096);
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; ; i += SMALL) {
          JsonArray message = new JsonArray();
          for (int k = i; k < i + SMALL; k++) {
            JsonObject event = event(source, padding + k);
            event.remove("data");
            message.add(event);
          }
          byte[] bytes = message.encode().getBytes(StandardCharsets.UTF_8);
          raw.send(RawWebSocket.TEXT, bytes, true);
          written.addAndGet(bytes.length);
        }
      } catch (IOException closedByTheServer) {
        // expected: the gateway drops the connection
      }
    }, "it-unread-writer");
    writer.setDaemon(true);
    writer.start();
    try {
      double pausedSeen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (smallMetric("eventgateway_websocket_closes_total{code=\"1008\",initiator=\"server\"}") < 1) {
        assertTrue(System.nanoTime() < deadline, "not closed for unread acks; wrote " + written.get());
        assertTrue(small.admission().permits().inUse() <= SMALL, "never more than the window in flight");
        pausedSeen = Math.max(pausedSeen, smallMetric("eventgateway_websocket_connections_paused"));
        Pause.millis(50);
      }
      assertEquals(1.0, pausedSeen, "the socket was paused before it was closed");
      assertTrue(raw.endsWithin(Duration.ofSeconds(10)), "the connection is closed");
      writer.join(10_000);
      assertFalse(writer.isAlive(), "the writer was blocked (TCP pushed back), then cut off");
      assertTrue(written.get() < 64 * 1_048_576, "the gateway did not take everything it was sent: " + written.get());
      await(() -> smallMetric("eventgateway_websocket_connections_open"), 0, Duration.ofSeconds(10));
      assertEquals(0.0, smallMetric("eventgateway_websocket_connections_paused"));
      await(() -> small.admission().permits().inUse(), 0, Duration.ofSeconds(10));
    } finally {
      raw.close();
    }
  }

  @Test
  void fullIngressPermitsPauseTheSocketInsteadOfRefusingItsEvents() {
    String source = uniqueSource("ws-permits");
    GatewayClient http = new GatewayClient(small.httpPort());
    List<CompletableFuture<Reply>> held;
    try (WsClient ws = WsClient.connect(small.httpPort())) {
      try (OutboxLock lock = new OutboxLock()) {
        held = IntStream.range(0, SMALL).mapToObj(i -> http.postStructuredAsync(event(source, "http-" + i))).toList();
        await(() -> small.admission().permits().inUse(), SMALL, Duration.ofSeconds(20));
        ws.send(event(source, "ws-1").encode());
        await(() -> smallMetric("eventgateway_websocket_connections_paused"), 1, Duration.ofSeconds(10));
        assertThrows(AssertionError.class, () -> ws.next(Duration.ofMillis(300)), "no refusal: the event waits");
      }
      JsonObject ack = ws.nextObject(ACKS);
      assertEquals("accepted", ack.getString("status"), ack.encode());
      assertEquals("ws-1", ack.getString("id"));
      await(() -> smallMetric("eventgateway_websocket_connections_paused"), 0, Duration.ofSeconds(10));
    }
    held.forEach(f -> assertEquals(202, f.join().status()));
  }

  @Test
  void postgresDownIsRefusedAtOnceWithARetryAfterAndTheSocketServesOnWhenItIsBack() {
    String source = uniqueSource("ws-pg-down");
    ManagementClient management = new ManagementClient(SharedStack.gateway().managementPort());
    try (WsClient ws = WsClient.connect(port)) {
      SharedStack.stack().postgres().stop();
      try {
        management.awaitReady(h -> h.status() == 503, Duration.ofSeconds(20));
        JsonObject refused = ws.send(event(source, "down").encode()).nextObject(ACKS);
        assertEquals("rejected", refused.getString("status"), refused.encode());
        assertEquals("storage-unavailable", refused.getString("reason"));
        assertTrue(refused.getInteger("retry_after") >= 1);
      } finally {
        SharedStack.restartStoppedBackends();
      }
      management.awaitReady(h -> h.status() == 200, Duration.ofSeconds(60));
      assertEquals("accepted", ws.send(event(source, "down").encode()).nextObject(ACKS).getString("status"),
        "the same event, sent again, goes through: the refusal committed nothing");
    }
  }

  @Test
  void shutdownAcksWhatWasReadThenClosesWith1001() {
    Gateway stopping = SharedStack.startGateway(Map.of("http.instances", "1"));
    String source = uniqueSource("ws-shutdown");
    Future<Void> stopped;
    try (WsClient ws = WsClient.connect(stopping.httpPort(), SUBPROTOCOL)) {
      try (OutboxLock lock = new OutboxLock()) {
        ws.send(new JsonArray().add(event(source, "a")).add(event(source, "b")).encode())
          .send(event(source, "c").encode());
        // Both messages read; one batch at a time per socket: the array is in flight, the event waits behind it.
        ManagementClient management = new ManagementClient(stopping.managementPort());
        await(() -> management.metric("eventgateway_websocket_messages_total"), 2, Duration.ofSeconds(20));
        await(() -> stopping.admission().permits().inUse(), 2, Duration.ofSeconds(20));
        stopped = stopping.stop();
        Pause.millis(300);
        assertFalse(ws.isClosed(), "the socket waits for its events' commit");
        assertFalse(stopped.isComplete());
      }
      JsonArray first = ws.nextArray(ACKS);
      assertEquals("accepted", first.getJsonObject(0).getString("status"));
      assertEquals("accepted", first.getJsonObject(1).getString("status"));
      assertEquals("accepted", ws.nextObject(ACKS).getString("status"));
      assertEquals(1001, ws.awaitClose(ACKS), "going away");
    }
    stopped.await();
    assertEquals(3, kafka(source, 3).size());
  }
}
