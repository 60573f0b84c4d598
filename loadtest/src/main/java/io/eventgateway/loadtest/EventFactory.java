package io.eventgateway.loadtest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;

/**
 * Builds request bodies for a run: unique ids under a per-run source (so verification can find this
 * run's records), partition keys drawn from a fixed set, and, per the scenario, a share of requests that
 * repeat an earlier id (some of them immediately, so the same event is twice in flight).
 */
final class EventFactory {
  /** An event as sent: what verification needs to know about it. */
  record SentEvent(String id, String key) {
  }

  /** One request: its body and the events in it. */
  record RequestBody(Buffer body, SentEvent[] events, boolean batch) {
  }

  private static final int RECENT = 4096;

  private final Scenario scenario;
  private final String source;
  private final String padding;
  private final SplittableRandom random = new SplittableRandom(7);
  private final String[] recentIds = new String[RECENT];
  private long nextId;
  private final int overLimitItems;

  EventFactory(Scenario scenario, String runId, int overLimitItems) {
    this.scenario = scenario;
    this.source = "/loadtest/" + runId;
    this.padding = "x".repeat(Math.max(0, scenario.eventBytes() - 220));
    this.overLimitItems = overLimitItems;
  }

  String source() {
    return source;
  }

  RequestBody next() {
    int size = scenario.batchSize();
    boolean oversize = size > 1 && random.nextDouble() < scenario.oversizeShare();
    if (oversize) {
      size = overLimitItems;
    }
    SentEvent[] events = new SentEvent[size];
    JsonArray batch = size > 1 || scenario.batchSize() > 1 ? new JsonArray() : null;
    JsonObject single = null;
    for (int i = 0; i < size; i++) {
      String id = chooseId();
      String key = "key-" + random.nextInt(scenario.keys());
      events[i] = new SentEvent(id, key);
      JsonObject event = new JsonObject()
        .put("specversion", "1.0")
        .put("id", id)
        .put("source", source)
        .put("type", "com.example.loadtest")
        .put("partitionkey", key)
        .put("data", new JsonObject().put("pad", padding));
      if (batch != null) {
        batch.add(event);
      } else {
        single = event;
      }
    }
    return new RequestBody(batch != null ? batch.toBuffer() : single.toBuffer(), events, batch != null);
  }

  private String chooseId() {
    if (nextId > 0 && random.nextDouble() < scenario.duplicateShare()) {
      // Half of the repeats reuse the previous id: likely still in flight.
      long back = random.nextBoolean() ? 1 : 1 + random.nextLong(Math.min(nextId, RECENT));
      String id = recentIds[(int) ((nextId - back) % RECENT)];
      if (id != null) {
        return id;
      }
    }
    String id = Long.toString(nextId);
    recentIds[(int) (nextId % RECENT)] = id;
    nextId++;
    return id;
  }
}
