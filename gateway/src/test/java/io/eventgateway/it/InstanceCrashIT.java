package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.it.GatewayClient.Reply;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gateway instances share one stack under steady load; one is killed with SIGKILL midway. Its shards
 * are taken over within seconds, every acknowledged event is in Kafka, per-key order holds, and any
 * duplicate is within the relay's count of unknown outcomes.
 */
@ExtendWith(SharedStack.class)
class InstanceCrashIT {
  /** Posts events one after the other (so their order is owed) until stopped or the gateway is gone. */
  private static final class Poster {
    final String prefix;
    final List<Integer> accepted = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    Poster(GatewayClient client, String source, String prefix) {
      this.prefix = prefix;
      this.thread = new Thread(() -> {
        for (int i = 0; running.get(); i++) {
          try {
            Reply reply = client.postStructured(event(source, prefix + "-" + i).put("partitionkey", prefix + "-k" + (i % 4)));
            if (reply.status() == 202) {
              accepted.add(i);
            }
          } catch (IllegalStateException gone) {
            return;
          }
        }
      }, "it-poster-" + prefix);
      thread.start();
    }

    void awaitMore(int n) {
      int target = accepted.size() + n;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (accepted.size() < target && System.nanoTime() < deadline) {
        Pause.millis(20);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
    }
  }

  @Test
  void aKilledInstancesShardsAreTakenOverAndNothingAcknowledgedIsLost() throws Exception {
    ManagementClient shared = new ManagementClient(SharedStack.gateway().managementPort());
    String source = uniqueSource("crash");
    Poster survivor;
    Poster victim;
    double unknownBefore;
    long takeoverMillis;
    try (GatewayProcess other = GatewayProcess.start(Path.of("target", "crash-gateway.log"))) {
      awaitOwners(shared, 2);
      survivor = new Poster(new GatewayClient(SharedStack.gateway().httpPort()), source, "a");
      victim = new Poster(new GatewayClient(other.httpPort()), source, "b");
      survivor.awaitMore(100);
      victim.awaitMore(100);
      unknownBefore = shared.metric("eventgateway_relay_unknown_outcome_total");

      other.kill();
      long killed = System.nanoTime();
      victim.stop();
      awaitOwners(shared, 1);
      takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
      survivor.awaitMore(100);
      survivor.stop();
    }
    assertTrue(takeoverMillis < 15_000, "shards taken over within seconds: " + takeoverMillis + " ms");

    int acknowledged = survivor.accepted.size() + victim.accepted.size();
    List<ConsumerRecord<String, String>> records = TopicReader.read(SharedStack.stack().kafka().bootstrapServers(),
      "events", TopicReader.fromSource(source), acknowledged, Duration.ofSeconds(120), Duration.ofSeconds(3));
    Map<String, Integer> copies = new HashMap<>();
    Map<String, Integer> lastByKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      String id = TopicReader.header(record, "ce_id");
      int n = Integer.parseInt(id.substring(2));
      if (copies.merge(id, 1, Integer::sum) == 1) {
        Integer last = lastByKey.put(record.key(), n);
        assertTrue(last == null || last < n, record.key() + ": " + id + " after #" + last);
      }
    }
    Set<String> expected = new HashSet<>();
    survivor.accepted.forEach(n -> expected.add("a-" + n));
    victim.accepted.forEach(n -> expected.add("b-" + n));
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(copies.keySet());
    assertEquals(Set.of(), missing, "acknowledged but not in Kafka");
    long duplicates = copies.values().stream().filter(c -> c > 1).count();
    double unknown = shared.metric("eventgateway_relay_unknown_outcome_total") - unknownBefore;
    System.out.printf("Instance crash: %d acknowledged, shards taken over in %d ms, %d duplicate(s), %.0f row(s)"
      + " of unknown outcome%n", acknowledged, takeoverMillis, duplicates, unknown);
    assertTrue(duplicates <= unknown, duplicates + " duplicate(s), but only " + unknown + " unknown outcome(s)");
  }

  private static void awaitOwners(ManagementClient management, int owners) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject status = new JsonObject(management.get("/outbox/status").body());
      int count = status.getJsonObject("shards").getJsonObject("owners").size();
      if (count == owners) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "expected " + owners + " relay owner(s): " + status.encode());
      Pause.millis(200);
    }
  }
}
