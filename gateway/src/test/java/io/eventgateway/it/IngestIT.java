package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static io.eventgateway.it.TopicReader.fromSource;
import static io.eventgateway.it.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.dedup.DedupKey;
import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The happy paths and client errors, black-box over HTTP, checked on the real Kafka topic. */
@ExtendWith(SharedStack.class)
class IngestIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(2);
  private static GatewayClient client;

  @BeforeAll
  static void client() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
  }

  private static List<ConsumerRecord<String, String>> read(String topic, String source, int expected) {
    return TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), topic, fromSource(source), expected,
      TIMEOUT, SETTLE);
  }

  @Test
  void structuredEventReachesKafkaWithKeyHeadersAndValue() {
    String source = uniqueSource("structured");
    JsonObject event = event(source, "e-1").put("partitionkey", "customer-42").put("correlationid", "corr-7");

    Reply reply = client.postStructured(event);

    assertEquals(202, reply.status(), reply.body());
    assertEquals(new JsonObject().put("id", "e-1").put("source", source).put("status", "accepted"), reply.json());
    List<ConsumerRecord<String, String>> records = read("events", source, 1);
    assertEquals(1, records.size());
    ConsumerRecord<String, String> record = records.get(0);
    assertEquals("customer-42", record.key());
    assertEquals(event, new JsonObject(record.value()));
    assertEquals("e-1", header(record, "ce_id"));
    assertEquals("com.example.test", header(record, "ce_type"));
    assertEquals("1.0", header(record, "ce_specversion"));
    assertEquals("corr-7", header(record, "ce_correlationid"));
    assertTrue(header(record, "content-type").startsWith("application/cloudevents+json"));
  }

  @Test
  void binaryModeEventIsStoredStructuredWithSubjectAsKey() {
    String source = uniqueSource("binary");
    Reply reply = client.post("/events", "application/json", "{\"total\":12.5}", Map.of(
      "ce-specversion", "1.0", "ce-id", "b-1", "ce-source", source, "ce-type", "com.example.test",
      "ce-subject", "order-9"));

    assertEquals(202, reply.status(), reply.body());
    ConsumerRecord<String, String> record = read("events", source, 1).get(0);
    assertEquals("order-9", record.key());
    JsonObject value = new JsonObject(record.value());
    assertEquals(new JsonObject().put("total", 12.5), value.getJsonObject("data"));
    assertEquals("application/json", value.getString("datacontenttype"));
    assertEquals("b-1", header(record, "ce_id"));
  }

  @Test
  void plainJsonIsTakenAsStructuredAndNoKeyMeansNullKey() {
    String source = uniqueSource("plain");
    Reply reply = client.post("/events", "application/json", event(source, "p-1").encode(), Map.of());

    assertEquals(202, reply.status(), reply.body());
    assertNull(read("events", source, 1).get(0).key());
  }

  @Test
  void batchReportsEveryItemInOrderAndRoutesByType() {
    String source = uniqueSource("batch");
    JsonArray batch = new JsonArray()
      .add(event(source, "o-1").put("type", "com.example.order.created").put("partitionkey", "k1"))
      .add(event(source, "o-2").put("type", "com.example.order.paid").put("partitionkey", "k1"))
      .add(event(source, "bad").put("specversion", "0.3"))
      .add(event(source, "o-3").put("type", "com.example.order.shipped").put("partitionkey", "k2"));

    Reply reply = client.post("/events/batch", "application/cloudevents-batch+json", batch.encode(), Map.of());

    assertEquals(207, reply.status(), reply.body());
    JsonObject body = reply.json();
    assertEquals(3, body.getInteger("accepted"));
    assertEquals(1, body.getInteger("rejected"));
    JsonArray results = body.getJsonArray("results");
    assertEquals(List.of("accepted", "accepted", "rejected", "accepted"),
      results.stream().map(r -> ((JsonObject) r).getString("status")).toList());
    assertEquals("bad", results.getJsonObject(2).getString("id"));
    assertTrue(results.getJsonObject(2).getJsonObject("problem").getString("detail").contains("specversion"));

    List<ConsumerRecord<String, String>> records = read("it-orders", source, 3);
    assertEquals(3, records.size());
    assertEquals(List.of("o-1", "o-2"), records.stream().filter(r -> "k1".equals(r.key()))
      .map(r -> header(r, "ce_id")).toList(), "same key, same partition, commit order");
  }

  @Test
  void batchOfOnlyInvalidEventsIs422WithPerItemReasons() {
    JsonArray batch = new JsonArray().add(new JsonObject().put("id", "x")).add("not an object");
    Reply reply = client.post("/events/batch", "application/cloudevents-batch+json", batch.encode(), Map.of());

    assertEquals(422, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.contentType());
    assertEquals(2, reply.json().getJsonArray("results").size());
  }

  @Test
  void repeatedEventIsDuplicateAndInKafkaOnce() {
    String source = uniqueSource("dup");
    JsonObject event = event(source, "d-1");

    assertEquals("accepted", client.postStructured(event).json().getString("status"));
    Reply second = client.postStructured(event);

    assertEquals(202, second.status());
    assertEquals("duplicate", second.json().getString("status"));
    assertEquals(1, read("events", source, 1).size());
  }

  @Test
  void repeatedEventAfterRedisFlushIsStillDuplicate() {
    String source = uniqueSource("flush");
    JsonObject event = event(source, "f-1");

    assertEquals("accepted", client.postStructured(event).json().getString("status"));
    SharedStack.stack().redis().flushAll();
    Reply second = client.postStructured(event);

    assertEquals("duplicate", second.json().getString("status"), "PostgreSQL's unique constraint is the backstop");
    assertEquals(1, read("events", source, 1).size());
  }

  @Test
  void duplicatesInsideOneBatchAreWrittenOnce() {
    String source = uniqueSource("batchdup");
    JsonArray batch = new JsonArray().add(event(source, "x")).add(event(source, "x"));
    Reply reply = client.post("/events/batch", "application/json", batch.encode(), Map.of());

    assertEquals(200, reply.status(), reply.body());
    assertEquals(1, reply.json().getInteger("accepted"));
    assertEquals(1, reply.json().getInteger("duplicate"));
    assertEquals(1, read("events", source, 1).size());
  }

  @Test
  void anEventWhoseClaimIsPendingIs409WithRetryAfterUntilTheClaimIsGone() {
    String source = uniqueSource("pending");
    JsonObject event = event(source, "p-1");
    // Another request has claimed this event and not committed yet.
    String key = DedupKey.of(source, "p-1");
    SharedStack.stack().redis().command("SET", key, "pending", "PX", "60000");

    Reply conflict = client.postStructured(event);
    assertProblem(conflict, 409, "duplicate-in-progress");
    assertEquals("1", conflict.retryAfter());

    SharedStack.stack().redis().command("DEL", key); // that request failed and released its claim
    assertEquals("accepted", client.postStructured(event).json().getString("status"));
    assertEquals(1, read("events", source, 1).size());
  }

  @Test
  void malformedJsonIs400ProblemJson() {
    Reply reply = client.post("/events", "application/cloudevents+json", "{\"id\": ", Map.of());
    assertProblem(reply, 400, "malformed-json");
  }

  @Test
  void missingIdIs422NamingTheAttribute() {
    JsonObject event = event(uniqueSource("noid"), "x");
    event.remove("id");
    Reply reply = client.postStructured(event);
    assertProblem(reply, 422, "invalid-event");
    assertTrue(reply.json().getString("detail").contains("'id'"), reply.body());
  }

  @Test
  void wrongContentTypeIs415() {
    Reply reply = client.post("/events", "text/plain", event(uniqueSource("ct"), "x").encode(), Map.of());
    assertProblem(reply, 415, "unsupported-media-type");
  }

  @Test
  void oversizedBodyIs413() {
    JsonObject event = event(uniqueSource("big"), "x").put("data", "x".repeat(70_000));
    Reply reply = client.postStructured(event);
    assertProblem(reply, 413, "payload-too-large");
  }

  @Test
  void unknownPathIs404ProblemJson() {
    Reply reply = client.post("/nope", "application/json", "{}", Map.of());
    assertProblem(reply, 404, "not-found");
  }

  private static void assertProblem(Reply reply, int status, String slug) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals("application/problem+json", reply.contentType());
    JsonObject problem = reply.json();
    assertEquals("urn:event-gateway:problem:" + slug, problem.getString("type"));
    assertEquals(status, problem.getInteger("status"));
  }
}
