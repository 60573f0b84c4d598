package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.outbox.Shards;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows one instance commits for shards another instance publishes wake that instance's relay at once
 * (the committing instance's NOTIFY), not at its next poll: the other instance polls at most every
 * minute here and has been idle long enough for its adaptive poll to have backed off well past the
 * deadline this test allows.
 */
@ExtendWith(SharedStack.class)
class RelayWakeUpIT {
  private static final int SHARDS = 64;
  private static final Duration IDLE = Duration.ofSeconds(15);
  private static final Duration DEADLINE = Duration.ofSeconds(4);

  @Test
  void rowsForAnotherInstancesShardsArePublishedWithoutWaitingForItsPoll() throws Exception {
    ManagementClient shared = new ManagementClient(SharedStack.gateway().managementPort());
    GatewayClient client = new GatewayClient(SharedStack.gateway().httpPort());
    String source = uniqueSource("wake");
    try (GatewayProcess other = GatewayProcess.start(Path.of("target", "wake-gateway.log"),
        Map.of("GATEWAY_RELAY_POLL_INTERVAL", "60s"))) {
      Set<Integer> othersShards = awaitShardsOf(shared, other.pid() + "@");
      // Long enough idle that the other relay's next poll is more than the deadline away (50 ms doubling).
      Pause.millis(IDLE.toMillis());

      Shards shards = new Shards(SHARDS);
      List<String> ids = new ArrayList<>();
      for (int k = 0; ids.size() < 10; k++) {
        String key = "wake-k" + k;
        if (othersShards.contains(shards.of(key, source, null))) {
          String id = "w-" + ids.size();
          assertEquals(202, client.postStructured(event(source, id).put("partitionkey", key)).status());
          ids.add(id);
        }
      }
      long posted = System.nanoTime();
      for (String id : ids) {
        awaitPublished(client, source, id, posted);
      }
      System.out.printf("Relay wake-up: %d rows for the other instance's shards published in %d ms%n",
        ids.size(), (System.nanoTime() - posted) / 1_000_000);
    }
  }

  /** Waits until two instances share the shards; returns those of the owner named {@code prefix}...  */
  private static Set<Integer> awaitShardsOf(ManagementClient management, String prefix) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject owners = new JsonObject(management.get("/outbox/status").body())
        .getJsonObject("shards").getJsonObject("owners");
      Set<Integer> shards = new HashSet<>();
      owners.forEach(owner -> {
        if (owner.getKey().startsWith(prefix)) {
          ((JsonArray) owner.getValue()).forEach(lease -> shards.add(((JsonObject) lease).getInteger("shard")));
        }
      });
      if (owners.size() == 2 && !shards.isEmpty() && shards.size() < SHARDS) {
        return shards;
      }
      assertTrue(System.nanoTime() < deadline, "expected two relay owners: " + owners.encode());
      Pause.millis(200);
    }
  }

  private static void awaitPublished(GatewayClient client, String source, String id, long since) {
    String path = "/events/" + encode(source) + "/" + encode(id);
    while (true) {
      JsonObject status = client.get(path).json();
      if ("published".equals(status.getString("status"))) {
        return;
      }
      assertTrue(System.nanoTime() - since < DEADLINE.toNanos(),
        id + " not published within " + DEADLINE.toMillis() + " ms: " + status.encode());
      Pause.millis(50);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
