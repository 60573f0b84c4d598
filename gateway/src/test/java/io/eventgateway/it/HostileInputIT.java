package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.eventgateway.outbox.OutboxDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile and broken input, black-box over HTTP and raw sockets: every case gets its status and a
 * problem+json body, leaves PostgreSQL and Redis untouched, logs no error, and the gateway keeps serving.
 * Runs against a gateway of its own with small limits and 1 s timeouts, so slow clients are quick to test.
 */
@ExtendWith(SharedStack.class)
class HostileInputIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final String STRUCTURED = "application/cloudevents+json";
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  private static Gateway gateway;
  private static GatewayClient client;
  private static Vertx vertx;
  private static Pool pg;
  private long outboxRowsBefore;
  private long redisKeysBefore;

  @BeforeAll
  static void start() {
    gateway = SharedStack.startGateway(Map.of(
      "http.header-timeout", "1s",
      "http.body-timeout", "1s",
      "http.max-json-depth", "8",
      "http.max-number-length", "30",
      "http.max-string-length", "4096",
      "http.max-initial-line-length", "1024",
      "http.max-header-size", "2048"));
    client = new GatewayClient(gateway.httpPort());
    vertx = Vertx.vertx();
    pg = OutboxDatabase.pool(vertx, SharedStack.config(Map.of()).pg(), 1, "it-probe");
    LOGS.start();
    root().addAppender(LOGS);
  }

  @AfterAll
  static void stop() {
    root().detachAppender(LOGS);
    pg.close().await();
    vertx.close().await();
    gateway.stop().await();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @BeforeEach
  void snapshot() {
    synchronized (LOGS) {
      LOGS.list.clear();
    }
    outboxRowsBefore = outboxRows();
    redisKeysBefore = redisKeys();
  }

  @AfterEach
  void noSideEffectsNoErrorLogAndStillServing() {
    assertEquals(outboxRowsBefore, outboxRows(), "no outbox row written");
    assertTrue(redisKeys() <= redisKeysBefore, "no Redis key written");
    List<String> edge = List.of("io.eventgateway.ingest", "io.eventgateway.error", "io.vertx", "io.netty");
    List<ILoggingEvent> logged;
    synchronized (LOGS) { // AppenderBase appends under this lock, from the event loops
      logged = List.copyOf(LOGS.list);
    }
    List<String> noisy = logged.stream()
      .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
      .filter(e -> edge.stream().anyMatch(e.getLoggerName()::startsWith))
      .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
      .toList();
    assertEquals(List.of(), noisy, "nothing logged above INFO by the HTTP edge");
    assertEquals(202, client.postStructured(event(uniqueSource("after"), "ok")).status(), "still serving");
  }

  /** For a test whose point needs valid events too. */
  private void expectAccepted(int events) {
    outboxRowsBefore += events;
    redisKeysBefore += events;
  }

  private static long outboxRows() {
    return pg.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0);
  }

  private static long redisKeys() {
    return Long.parseLong(SharedStack.stack().redis().command("DBSIZE"));
  }

  private static void assertProblem(int status, String slug, int actualStatus, String contentType, String body) {
    assertEquals(status, actualStatus, body);
    assertEquals("application/problem+json", contentType);
    JsonObject problem = new JsonObject(body);
    assertEquals("urn:event-gateway:problem:" + slug, problem.getString("type"), body);
    assertEquals(status, problem.getInteger("status"));
    List<String> members = List.of("type", "title", "status", "detail", "instance");
    assertTrue(members.containsAll(problem.fieldNames()), "a problem, nothing else: " + body);
    assertFalse(body.contains("Exception") || body.contains("\tat "), "no stack trace: " + body);
  }

  private static JsonObject assertProblem(Reply reply, int status, String slug) {
    assertProblem(status, slug, reply.status(), reply.contentType(), reply.body());
    return reply.json();
  }

  private static JsonObject assertProblem(RawHttp.Response response, int status, String slug) {
    assertProblem(status, slug, response.status(), response.header("content-type"), response.body());
    return response.json();
  }

  private static Reply postStructured(String body) {
    return client.post("/events", STRUCTURED, body, Map.of());
  }

  // --- JSON ---

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\": ", "{\"a\":1} xyz", "{}{}", "[] []", "{\"a\":1,}", "{} // comment", " "})
  void malformedJsonIs400(String body) {
    JsonObject problem = assertProblem(postStructured(body), 400, "malformed-json");
    assertTrue(problem.getString("detail").startsWith("The body "), problem.encode());
  }

  @Test
  void emptyBodyIs400() {
    assertEquals("The body is empty", assertProblem(postStructured(""), 400, "malformed-json").getString("detail"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"FF", "C3", "C0AF", "EDA080", "F4908080"})
  void illFormedUtf8InAStringIs400(String hex) {
    String event = "{\"specversion\":\"1.0\",\"id\":\"u\",\"source\":\"/utf8\",\"type\":\"t\",\"data\":\"";
    Buffer body = Buffer.buffer(event);
    for (int i = 0; i < hex.length(); i += 2) {
      body.appendByte((byte) Integer.parseInt(hex.substring(i, i + 2), 16));
    }
    body.appendString("\"}");
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      JsonObject problem = assertProblem(raw.send(RawHttp.post("/events", STRUCTURED, body.getBytes())).read(),
        400, "malformed-json");
      assertTrue(problem.getString("detail").startsWith("The body is not valid UTF-8"), problem.encode());
    }
  }

  @Test
  void jsonBeyondTheLimitsIs400NamingTheLimit() {
    JsonObject deep = assertProblem(postStructured("{\"data\":" + "[".repeat(9) + "]".repeat(9) + "}"),
      400, "json-limit-exceeded");
    assertEquals("The JSON nests objects and arrays deeper than 8 levels", deep.getString("detail"));
    JsonObject digits = assertProblem(postStructured("{\"data\":" + "1".repeat(31) + "}"), 400, "json-limit-exceeded");
    assertEquals("A JSON number is longer than 30 characters", digits.getString("detail"));
    assertProblem(postStructured("{\"data\":1e999}"), 400, "json-limit-exceeded");
    JsonObject string = assertProblem(postStructured(event(uniqueSource("long"), "x").put("data", "s".repeat(4097))
      .encode()), 400, "json-limit-exceeded");
    assertEquals("A JSON string is longer than 4096 characters", string.getString("detail"));
  }

  @Test
  void aControlCharacterInAnAttributeIs422() {
    JsonObject problem = assertProblem(client.postStructured(event("/nul\u0000source", "x")), 422, "invalid-event");
    assertTrue(problem.getString("detail").startsWith("'source' contains a control character"), problem.encode());
  }

  // --- sizes, media types, routes ---

  @Test
  void aMalformedPercentEscapeInThePathIs400() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      JsonObject problem = assertProblem(raw.send(RawHttp.post("/events%ZZ", STRUCTURED, "{}".getBytes())).read(),
        400, "bad-request");
      assertTrue(problem.getString("detail").contains("percent-escape"), problem.encode());
    }
  }

  @Test
  void bodyOverTheLimitIs413ByContentLength() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      raw.send("POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED + "\r\nContent-Length: 70000\r\n\r\n");
      assertProblem(raw.read(), 413, "payload-too-large");
      assertTrue(raw.closedWithin(TIMEOUT.multipliedBy(3)), "the unread body never came: closed at the body deadline");
    }
  }

  @Test
  void chunkedBodyOverTheLimitIs413WhileStreaming() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      raw.send("POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED
        + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "1000\r\n" + "x".repeat(0x1000) + "\r\n";
      for (int i = 0; i < 17 && !raw.awaitActivity(Duration.ofMillis(1)); i++) {
        raw.send(chunk);
      }
      assertProblem(raw.read(), 413, "payload-too-large");
    }
  }

  @Test
  void batchOverTheItemLimitIs413() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 101; i++) {
      batch.add(event(uniqueSource("batch"), "b-" + i));
    }
    JsonObject problem = assertProblem(client.post("/events/batch", "application/cloudevents-batch+json",
      batch.encode(), Map.of()), 413, "batch-too-large");
    assertEquals("The batch has 101 events; the limit is 100", problem.getString("detail"));
  }

  @Test
  void wrongOrMissingContentTypeIs415() {
    String body = event(uniqueSource("ct"), "x").encode();
    assertProblem(client.post("/events", "text/plain", body, Map.of()), 415, "unsupported-media-type");
    assertProblem(client.post("/events", null, body, Map.of()), 415, "unsupported-media-type");
    assertProblem(client.post("/events/batch", STRUCTURED, "[" + body + "]", Map.of()), 415, "unsupported-media-type");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    assertProblem(client.post("/nope", "application/json", "{}", Map.of()), 404, "not-found");
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      assertProblem(raw.send("GET /events HTTP/1.1\r\nHost: g\r\n\r\n").read(), 405, "method-not-allowed");
      assertProblem(raw.send("DELETE /events/batch HTTP/1.1\r\nHost: g\r\n\r\n").read(), 405, "method-not-allowed");
    }
  }

  // --- the request head ---

  @Test
  void requestLineTooLongIs414AndTheConnectionIsClosed() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      RawHttp.Response response = raw.send("POST /events?" + "q".repeat(1100) + " HTTP/1.1\r\nHost: g\r\n\r\n").read();
      JsonObject problem = assertProblem(response, 414, "uri-too-long");
      assertEquals("The request line is longer than 1024 bytes", problem.getString("detail"));
      assertNull(problem.getString("instance"), "the path of an undecodable request is not echoed");
      assertEquals("close", response.header("connection"));
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  @Test
  void headersTooLargeAre431AndTheConnectionIsClosed() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      RawHttp.Response response = raw.send("POST /events HTTP/1.1\r\nHost: g\r\nX-Padding: " + "p".repeat(2100)
        + "\r\n\r\n").read();
      assertProblem(response, 431, "headers-too-large");
      assertEquals("close", response.header("connection"));
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  @Test
  void contentLengthWithChunkedIs400AndNothingSmuggledThrough() {
    String smuggled = "POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED
      + "\r\nContent-Length: 2\r\n\r\n{}";
    String body = "0\r\n\r\n" + smuggled;
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      RawHttp.Response response = raw.send("POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED
        + "\r\nContent-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body).read();
      JsonObject problem = assertProblem(response, 400, "bad-framing");
      assertEquals("Content-Length and Transfer-Encoding must not both be sent", problem.getString("detail"));
      assertEquals("close", response.header("connection"));
      assertTrue(raw.closedWithin(TIMEOUT), "no second response: the smuggled request was never read");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "POST /events HTTP/1.0\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "POST /events HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: gzip\r\n\r\n{}",
    "POST /events HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "POST /events HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n{}"})
  void otherAmbiguousFramingIs400(String request) {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      RawHttp.Response response = raw.send(request.replaceFirst("\r\n\r\n", "\r\nContent-Type: " + STRUCTURED
        + "\r\n\r\n")).read();
      assertProblem(response, 400, "bad-framing");
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  @Test
  void otherUndecodableRequestsAre400() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      RawHttp.Response response = raw.send("POST /events HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
        .read();
      assertProblem(response, 400, "bad-request");
      assertEquals("close", response.header("connection"));
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  // --- slow clients ---

  @Test
  void aSilentConnectionIsClosedAtTheHeaderDeadline() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      long start = System.nanoTime();
      assertTrue(raw.closedWithin(TIMEOUT.multipliedBy(3)));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT.minusMillis(100)) >= 0);
    }
  }

  @Test
  void headersTrickledSteadilyAreCutOffAtTheHeaderDeadline() {
    byte[] head = ("POST /events HTTP/1.1\r\nHost: g\r\nX-Slow: " + "s".repeat(100))
      .getBytes(StandardCharsets.US_ASCII);
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      long start = System.nanoTime();
      int sent = 0;
      // One byte every 100 ms: the idle timeout would never fire.
      while (raw.trySend(new byte[] {head[sent]}) && !raw.closedWithin(Duration.ofMillis(100))) {
        sent++;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(elapsed.compareTo(TIMEOUT.multipliedBy(3)) < 0, "closed after " + elapsed + ", " + sent + " bytes");
      assertTrue(sent >= 5, "the deadline is not shorter than configured: " + sent);
    }
  }

  @Test
  void aKeptAliveConnectionMayIdleLongerThanTheHeaderTimeout() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      byte[] first = RawHttp.post("/events", STRUCTURED, event(uniqueSource("keepalive"), "1").toBuffer().getBytes());
      assertEquals(202, raw.send(first).read().status());
      assertFalse(raw.closedWithin(TIMEOUT.multipliedBy(2)), "idle: the idle timeout's business, not the header's");
      byte[] second = RawHttp.post("/events", STRUCTURED, event(uniqueSource("keepalive"), "2").toBuffer().getBytes());
      assertEquals(202, raw.send(second).read().status());
    }
    expectAccepted(2);
  }

  @Test
  void aBodyThatStopsComingIs408AndTheConnectionIsClosed() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      raw.send("POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED + "\r\nContent-Length: 200\r\n\r\n"
        + "{\"specversion\":\"1.0\",");
      long start = System.nanoTime();
      RawHttp.Response response = raw.read();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      JsonObject problem = assertProblem(response, 408, "request-timeout");
      assertEquals("The request body did not fully arrive within 1000 ms of its headers", problem.getString("detail"));
      assertEquals("close", response.header("connection"));
      assertTrue(elapsed.compareTo(TIMEOUT.minusMillis(100)) >= 0, elapsed.toString());
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  @Test
  void aBodyTrickledSteadilyIs408AtTheBodyDeadline() {
    byte[] body = event(uniqueSource("trickle"), "t").toBuffer().getBytes();
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      raw.send("POST /events HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED + "\r\nContent-Length: " + body.length
        + "\r\n\r\n");
      int sent = 0;
      while (!raw.awaitActivity(Duration.ofMillis(100))) {
        raw.send(new byte[] {body[sent++]});
      }
      assertTrue(sent < body.length, "answered before the body was complete");
      assertProblem(raw.read(), 408, "request-timeout");
      assertTrue(raw.closedWithin(TIMEOUT));
    }
  }

  @Test
  void aBodyStillComingAfterAnEarlyAnswerIsCutOffAtTheBodyDeadline() {
    try (RawHttp raw = RawHttp.connect(gateway.httpPort())) {
      raw.send("POST /nope HTTP/1.1\r\nHost: g\r\nContent-Type: " + STRUCTURED + "\r\nContent-Length: 1000\r\n\r\n{");
      assertProblem(raw.read(), 404, "not-found");
      assertTrue(raw.closedWithin(TIMEOUT.multipliedBy(3)));
    }
  }
}
