package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /outbox/status} on the management port, with lease and instance rows written as a relay would. */
@ExtendWith(SharedStack.class)
class OutboxStatusIT {
  private static ManagementClient management;
  private static OutboxSql sql;

  @BeforeAll
  static void clients() {
    management = new ManagementClient(SharedStack.gateway().managementPort());
    sql = new OutboxSql();
  }

  @AfterAll
  static void close() {
    sql.close();
  }

  @Test
  void outboxStatusCountsStatesAndGroupsShardsByOwner() {
    String tag = UUID.randomUUID().toString();
    String owner = "it-owner-" + tag;
    sql.insertDead(uniqueSource("dl-census"), "c-1", "events", "com.example.a", null, "x " + tag);
    sql.query("""
      INSERT INTO relay_lease (shard, owner, expires_at) VALUES
        (1000001, $1, now() + interval '1 minute'), (1000002, $1, now() + interval '1 minute'),
        (1000003, $1, now() - interval '1 minute'), (1000004, NULL, '-infinity')""", owner);
    sql.query("INSERT INTO relay_instance (id, heartbeat_at) VALUES ($1, now())", owner);
    try {
      Reply reply = management.send("GET", "/outbox/status");
      assertEquals(200, reply.status(), reply.body());
      JsonObject status = reply.json();
      JsonObject rows = status.getJsonObject("rows");
      for (String state : List.of("pending", "published", "dead")) {
        assertNotNull(rows.getJsonObject(state).getLong("count"), state);
        assertNotNull(rows.getJsonObject(state).getBoolean("exact"), state);
      }
      assertEquals(true, rows.getJsonObject("dead").getLong("count") >= 1, rows.encode());
      assertEquals(rows.getJsonObject("pending").getLong("count"), status.getLong("depth"));
      assertNotNull(status.getDouble("oldest_pending_age_seconds"));

      JsonObject shards = status.getJsonObject("shards");
      JsonArray owned = shards.getJsonObject("owners").getJsonArray(owner);
      assertEquals(List.of(1000001, 1000002), owned.stream().map(s -> ((JsonObject) s).getInteger("shard")).toList());
      assertNotNull(owned.getJsonObject(0).getString("expires_at"));
      assertEquals(true, shards.getJsonArray("unowned").contains(1000003), shards.encode());
      assertEquals(true, shards.getJsonArray("unowned").contains(1000004), shards.encode());
      JsonObject instance = status.getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> owner.equals(i.getString("id"))).findFirst().orElseThrow();
      assertNotNull(instance.getString("heartbeat_at"));
      assertEquals(true, instance.getDouble("heartbeat_age_seconds") < 60, instance.encode());
    } finally {
      sql.query("DELETE FROM relay_lease WHERE shard BETWEEN 1000001 AND 1000004");
      sql.query("DELETE FROM relay_instance WHERE id = $1", owner);
    }
  }
}
