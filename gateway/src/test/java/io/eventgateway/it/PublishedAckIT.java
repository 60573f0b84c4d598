package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.app.Gateway;
import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ?ack=published}: the answer comes once Kafka acknowledged the event, and says where it landed;
 * also for rows another instance publishes, for rows Kafka refuses for good, and past the timeout.
 */
@ExtendWith(SharedStack.class)
class PublishedAckIT {
  private static final String SINGLE = "application/cloudevents+json";
  private static final String BATCH = "application/cloudevents-batch+json";
  private static GatewayClient client;

  @BeforeAll
  static void client() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
  }

  @Test
  void aSingleEventIsAnsweredOncePublishedWithWhereItLanded() {
    String source = uniqueSource("ack-single");
    Reply reply = client.post("/events?ack=published", SINGLE, event(source, "a").encode(), Map.of());
    assertEquals(200, reply.status(), reply.body());
    JsonObject body = reply.json();
    assertEquals("published", body.getString("status"));
    assertEquals("events", body.getString("topic"));

    ConsumerRecord<String, String> record = read("events", source, 1).get(0);
    assertEquals(record.partition(), body.getInteger("partition"));
    assertEquals(record.offset(), body.getLong("offset"));
  }

  @Test
  void aBatchReportsEachEventsOffsetAndADuplicateIsAnsweredAtOnce() {
    String source = uniqueSource("ack-batch");
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 20; i++) {
      batch.add(event(source, "b-" + i).put("partitionkey", "k-" + i));
    }
    Reply reply = client.post("/events/batch?ack=published&timeout=10s", BATCH, batch.encode(), Map.of());
    assertEquals(200, reply.status(), reply.body());
    assertEquals(20, reply.json().getInteger("published"));
    Set<String> places = new HashSet<>();
    for (Object item : reply.json().getJsonArray("results")) {
      JsonObject result = (JsonObject) item;
      assertEquals("published", result.getString("status"), result.encode());
      places.add(result.getInteger("partition") + "@" + result.getLong("offset"));
    }
    Set<String> inKafka = new HashSet<>();
    read("events", source, 20).forEach(r -> inKafka.add(r.partition() + "@" + r.offset()));
    assertEquals(inKafka, places);

    Reply again = client.post("/events?ack=published", SINGLE, event(source, "b-0").encode(), Map.of());
    assertEquals(202, again.status(), again.body());
    assertEquals("duplicate", again.json().getString("status"));
  }

  @Test
  void rowsThatAnotherInstancePublishesAreAnsweredToo() throws Exception {
    Gateway second = SharedStack.startGateway(Map.of());
    try (OutboxSql sql = new OutboxSql()) {
      awaitTwoLeaseOwners(sql);
      String source = uniqueSource("ack-remote");
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 64; i++) {
        batch.add(event(source, "r-" + i).put("partitionkey", "key-" + i));
      }
      Reply reply = client.post("/events/batch?ack=published&timeout=10s", BATCH, batch.encode(), Map.of());
      assertEquals(200, reply.status(), reply.body());
      assertEquals(64, reply.json().getInteger("published"), reply.body());
      Row owners = sql.query("SELECT count(DISTINCT l.owner) AS owners FROM outbox o JOIN relay_lease l"
        + " ON l.shard = o.shard WHERE o.source = $1", source).iterator().next();
      assertEquals(2L, owners.getLong("owners"), "the events' shards are split over both instances");
    } finally {
      second.stop().await();
    }
  }

  @Test
  void pastTheTimeoutTheAnswerIsAcceptedAndTheEventStillArrives() {
    String source = uniqueSource("ack-timeout");
    // The producer lingers 5 ms before sending: no acknowledgement can come within 1 ms.
    Reply reply = client.post("/events?ack=published&timeout=1ms", SINGLE, event(source, "t").encode(), Map.of());
    assertEquals(202, reply.status(), reply.body());
    assertEquals("accepted", reply.json().getString("status"));
    assertEquals(1, read("events", source, 1).size());
  }

  @Test
  void anEventKafkaRefusesForGoodIsAnsweredDeadLettered() throws Exception {
    String topic = "it-ack-small-" + Long.toHexString(System.nanoTime());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedStack.stack().kafka().bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
        .configs(Map.of("max.message.bytes", "2048")))).all().get();
    }
    // The wait may honour the request's 30 s: while the new instance takes its share of the shards, the
    // row's shard can spend a few lease heartbeats changing hands before anyone sends it.
    Gateway routed = SharedStack.startGateway(Map.of("routing.rules", "com.example.small.*=" + topic,
      "ingress.ack-timeout", "30s"));
    try {
      String source = uniqueSource("ack-dead");
      JsonObject big = event(source, "big").put("type", "com.example.small.test")
        .put("data", new JsonObject().put("blob", "x".repeat(8000)));
      Reply reply = new GatewayClient(routed.httpPort())
        .post("/events?ack=published&timeout=30s", SINGLE, big.encode(), Map.of());
      assertEquals(422, reply.status(), reply.body());
      assertEquals("application/problem+json", reply.contentType());
      JsonObject problem = reply.json();
      assertEquals("urn:event-gateway:problem:dead-lettered", problem.getString("type"));
      assertEquals("big", problem.getString("id"));
      assertEquals(topic, problem.getString("topic"));
      assertTrue(problem.getString("reason").contains("RecordTooLarge"), problem.encode());
    } finally {
      routed.stop().await();
    }
  }

  @Test
  void unknownAckModesAndTimeoutsAreRefusedByName() {
    String source = uniqueSource("ack-bad");
    for (String query : List.of("ack=kafka", "timeout=2s", "ack=published&timeout=soon", "ack=published&timeout=0ms")) {
      Reply reply = client.post("/events?" + query, SINGLE, event(source, "x").encode(), Map.of());
      assertEquals(400, reply.status(), query + ": " + reply.body());
      String detail = reply.json().getString("detail");
      assertTrue(detail.contains(query.contains("timeout") ? "timeout" : "ack"), detail);
    }
  }

  private static void awaitTwoLeaseOwners(OutboxSql sql) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sql.query("SELECT 1 FROM relay_lease WHERE expires_at > now() GROUP BY owner").size() < 2) {
      assertTrue(System.nanoTime() < deadline, "the second instance never took shards");
      Pause.millis(100);
    }
  }

  private static List<ConsumerRecord<String, String>> read(String topic, String source, int expected) {
    return TopicReader.read(SharedStack.stack().kafka().bootstrapServers(), topic, TopicReader.fromSource(source),
      expected, Duration.ofSeconds(60), Duration.ofSeconds(1));
  }
}
