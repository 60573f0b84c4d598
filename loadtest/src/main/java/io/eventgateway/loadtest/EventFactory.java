package io.eventgateway.loadtest;

import io.vertx.core.buffer.Buffer;
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
    // Padded so that an event with a 7-digit id and a typical key is event-bytes long.
    int envelope = ("{\"specversion\":\"1.0\",\"id\":\"1000000\",\"source\":\"" + source
      + "\",\"type\":\"com.example.loadtest\",\"partitionkey\":\"key-100\",\"data\":{\"pad\":\"\"}}").length();
    this.padding = "x".repeat(Math.max(0, scenario.eventBytes() - envelope));
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
    boolean batch = size > 1 || scenario.batchSize() > 1;
    // Written as text rather than through JsonObject: at tens of thousands of events a second, encoding
    // was a large share of the generator's CPU on the machine it shares with the gateway. Ids, keys and
    // the source are plain ASCII that JSON needs no escape for; the bytes are what JsonObject would write.
    StringBuilder body = new StringBuilder(size * (padding.length() + 160) + 2);
    if (batch) {
      body.append('[');
    }
    for (int i = 0; i < size; i++) {
      String id = chooseId();
      String key = "key-" + random.nextInt(scenario.keys());
      events[i] = new SentEvent(id, key);
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"specversion\":\"1.0\",\"id\":\"").append(id)
        .append("\",\"source\":\"").append(source)
        .append("\",\"type\":\"com.example.loadtest\",\"partitionkey\":\"").append(key)
        .append("\",\"data\":{\"pad\":\"").append(padding).append("\"}}");
    }
    if (batch) {
      body.append(']');
    }
    return new RequestBody(Buffer.buffer(body.toString()), events, batch);
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
