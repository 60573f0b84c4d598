package io.eventgateway.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.eventgateway.it.EventStatusIT.assertProblem;
import static io.eventgateway.it.EventStatusIT.encode;
import static io.eventgateway.it.EventStatusIT.statusPath;
import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter API on the management port: listing by pages and filters, replay of one row and of
 * every matching row. Dead rows are written with SQL (as the relay leaves them), each test tagging its
 * rows' error text so filters keep other tests' rows out.
 */
@ExtendWith(SharedStack.class)
class DeadLettersIT {
  private static ManagementClient management;
  private static GatewayClient client;
  private static OutboxSql sql;

  @BeforeAll
  static void clients() {
    management = new ManagementClient(SharedStack.gateway().managementPort());
    client = new GatewayClient(SharedStack.gateway().httpPort());
    sql = new OutboxSql();
  }

  @AfterAll
  static void close() {
    // Rows replayed here were created an hour ago: until the relay has published them, the backlog is older
    // than outbox.high-water-age and the shared gateway sheds. The next class must find it serving: first
    // the rows themselves are published, then the gateway's backlog check has seen it.
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (sql.query("SELECT 1 FROM outbox WHERE published_at IS NULL AND dead_at IS NULL"
        + " AND created_at < now() - interval '30 minutes' LIMIT 1").size() > 0) {
      assertTrue(System.nanoTime() < deadline, "the replayed rows were not published within 120 s");
      Pause.millis(200);
    }
    sql.close();
    management.awaitReady(h -> h.status() == 200 && h.check("outbox").getLong("unpublished") == 0,
      Duration.ofSeconds(60));
  }

  private static String tag() {
    return UUID.randomUUID().toString();
  }

  private static JsonObject list(String query) {
    Reply reply = management.send("GET", "/dead-letters?" + query);
    assertEquals(200, reply.status(), reply.body());
    assertEquals("application/json", reply.contentType());
    return reply.json();
  }

  private static List<Long> seqs(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("seq")).toList();
  }

  @Test
  void listsPageByPageInOutboxOrderWithEveryField() {
    String tag = tag();
    String source = uniqueSource("dl-pages");
    List<Long> dead = List.of(
      sql.insertDead(source, "a", "events", "com.example.a", "k-1", "RecordTooLargeException " + tag),
      sql.insertDead(source, "b", "events", "com.example.a", null, "RecordTooLargeException " + tag),
      sql.insertDead(source, "c", "events", "com.example.a", null, "RecordTooLargeException " + tag),
      sql.insertDead(source, "d", "events", "com.example.a", null, "RecordTooLargeException " + tag),
      sql.insertDead(source, "e", "events", "com.example.a", null, "RecordTooLargeException " + tag));

    JsonObject first = list("error=" + tag + "&limit=2");
    assertEquals(dead.subList(0, 2), seqs(first));
    assertEquals(dead.get(1), first.getLong("next"));
    JsonObject second = list("error=" + tag + "&limit=2&after=" + first.getLong("next"));
    assertEquals(dead.subList(2, 4), seqs(second));
    JsonObject last = list("error=" + tag + "&limit=2&after=" + second.getLong("next"));
    assertEquals(dead.subList(4, 5), seqs(last));
    assertFalse(last.containsKey("next"), last.encode());

    JsonObject item = first.getJsonArray("items").getJsonObject(0);
    assertEquals(source, item.getString("source"));
    assertEquals("a", item.getString("id"));
    assertEquals("events", item.getString("topic"));
    assertEquals("com.example.a", item.getString("type"));
    assertEquals("k-1", item.getString("partition_key"));
    assertEquals(3, item.getInteger("attempts"));
    assertEquals("RecordTooLargeException " + tag, item.getString("last_error"));
    for (String time : List.of("first_failed_at", "last_failed_at", "dead_at")) {
      assertNotNull(item.getString(time), time);
    }
  }

  @Test
  void filtersByTopicTypeAndErrorSubstring() {
    String tag = tag();
    String source = uniqueSource("dl-filters");
    String topic = "it-dl-" + tag.substring(0, 8);
    String type = "com.example.dl." + tag;
    long byTopic = sql.insertDead(source, "t", topic, "com.example.a", null, "SerializationException " + tag);
    long byType = sql.insertDead(source, "y", "events", type, null, "TimeoutException " + tag);
    long byError = sql.insertDead(source, "e", "events", "com.example.a", null, "Quota at 100%_full " + tag);

    assertEquals(List.of(byTopic), seqs(list("topic=" + topic)));
    assertEquals(List.of(byType), seqs(list("type=" + encode(type))));
    assertEquals(List.of(byTopic, byType, byError), seqs(list("error=" + tag)));
    assertEquals(List.of(byError), seqs(list("error=" + encode("100%_FULL " + tag))), "literal, case-insensitive");
    assertEquals(List.of(), seqs(list("error=" + encode("100_%full " + tag))), "% and _ are no wildcards");
    assertEquals(List.of(byType), seqs(list("topic=events&error=" + encode("timeout") + "&type=" + encode(type))));
  }

  @Test
  void badQueriesAre400ProblemJson() {
    assertProblem(management.send("GET", "/dead-letters?limit=1001"), 400, "bad-request");
    assertProblem(management.send("GET", "/dead-letters?after=x"), 400, "bad-request");
    assertProblem(management.send("GET", "/dead-letters?topik=events"), 400, "bad-request");
    assertProblem(management.send("POST", "/dead-letters/replay?tpye=x"), 400, "bad-request");
    assertProblem(management.send("POST", "/dead-letters/abc/replay"), 400, "bad-request");
  }

  /** The one end-to-end check on the relay: a replayed dead row reaches its original topic. */
  @Test
  void replayedRowIsPublishedToItsOriginalTopic() {
    String tag = tag();
    String source = uniqueSource("dl-replay");
    long seq = sql.insertDead(source, "r-1", "it-orders", "com.example.order.created", "k-9",
      "RecordTooLargeException " + tag);

    Reply replayed = management.send("POST", "/dead-letters/" + seq + "/replay");
    assertEquals(202, replayed.status(), replayed.body());
    JsonObject row = replayed.json();
    assertEquals(seq, row.getLong("seq"));
    assertEquals(source, row.getString("source"));
    assertEquals("r-1", row.getString("id"));
    assertEquals("it-orders", row.getString("topic"));
    assertEquals("accepted", row.getString("status"));
    assertEquals(List.of(), seqs(list("error=" + tag)), "no longer a dead letter");
    assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE seq = $1 AND (attempts <> 0 OR last_error IS NOT NULL"
      + " OR first_failed_at IS NOT NULL OR last_failed_at IS NOT NULL OR dead_at IS NOT NULL)", seq));
    assertProblem(management.send("POST", "/dead-letters/" + seq + "/replay"), 404, "not-found");

    List<ConsumerRecord<String, String>> records = TopicReader.read(SharedStack.stack().kafka().bootstrapServers(),
      "it-orders", TopicReader.fromSource(source), 1, Duration.ofSeconds(60), Duration.ofSeconds(2));
    assertEquals(1, records.size());
    assertEquals("k-9", records.get(0).key());
    assertEquals("r-1", TopicReader.header(records.get(0), "ce_id"));
    sql.awaitPublished(source, 1, Duration.ofSeconds(30));
    assertEquals("published", client.get(statusPath(source, "r-1")).json().getString("status"));
  }

  @Test
  void replayOfARowThatIsNotDeadIs404() {
    String source = uniqueSource("dl-notdead");
    assertEquals(202, client.postStructured(event(source, "live")).status());
    long seq = sql.seq(source, "live");
    assertProblem(management.send("POST", "/dead-letters/" + seq + "/replay"), 404, "not-found");
    assertProblem(management.send("POST", "/dead-letters/" + Long.MAX_VALUE + "/replay"), 404, "not-found");
    assertNull(sql.query("SELECT dead_at FROM outbox WHERE seq = $1", seq).iterator().next().getValue(0));
  }

  @Test
  void replayAllTakesEveryMatchingRowInBatchesAndNoOther() {
    String tag = tag();
    String source = uniqueSource("dl-replay-all");
    String type = "com.example.dl." + tag;
    // More rows than one replay batch (1000), written in one statement.
    sql.query("""
      INSERT INTO outbox (source, event_id, topic, payload, attempts, last_error, dead_at, created_at)
      SELECT $1, 'x-' || n, 'it-dead-letters',
             json_build_object('specversion', '1.0', 'id', 'x-' || n, 'source', $1::text, 'type', $2::text)::text,
             5, 'NotLeaderOrFollowerException ' || $3, now(), now() - interval '1 hour'
      FROM generate_series(1, 2500) AS n""", source, type, tag);
    long other = sql.insertDead(source, "other", "it-dead-letters", "com.example.other", null,
      "NotLeaderOrFollowerException " + tag);

    Reply replayed = management.send("POST", "/dead-letters/replay?type=" + encode(type) + "&error=" + tag);
    assertEquals(202, replayed.status(), replayed.body());
    assertEquals(2500L, replayed.json().getLong("replayed"));

    assertEquals(List.of(other), seqs(list("error=" + tag)));
    assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE source = $1 AND event_id <> 'other' "
      + "AND (dead_at IS NOT NULL OR attempts <> 0 OR last_error IS NOT NULL)", source));
    Reply again = management.send("POST", "/dead-letters/replay?type=" + encode(type));
    assertEquals(0L, again.json().getLong("replayed"));
  }
}
