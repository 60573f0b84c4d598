package io.eventgateway.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Random;

/** Summaries shaped like docs/loadtest-summary-schema.md, for the report tests. */
final class SampleSummaries {
  static final String TARGET = "http://127.0.0.1:8080";

  private SampleSummaries() {
  }

  /** A 70 s run at 5,000 events/s with a 10 s warm-up, a stall at 40 s that sheds load, and a delivery check. */
  static JsonObject steady() {
    Random random = new Random(42);
    JsonArray timeline = new JsonArray();
    for (int t = 1; t <= 70; t++) {
      boolean warm = t <= 10;
      boolean stall = t >= 40 && t <= 42;
      int sent = warm ? 500 * t : 5000;
      int shed = stall ? 300 + random.nextInt(200) : 0;
      int completed = sent - (stall ? 400 : 0) + (t == 43 ? 1200 : 0);
      int accepted = completed - shed;
      double p50 = (warm ? 4.0 : 2.6) + random.nextDouble() * 0.6 + (stall ? 40 : 0);
      double p99 = p50 * (5 + random.nextDouble() * 2) + (stall ? 300 : 0);
      timeline.add(new JsonObject().put("t", t).put("sent", sent).put("completed", completed)
        .put("p50", round(p50)).put("p99", round(p99)).put("max", round(p99 * 1.6))
        .put("accepted", accepted).put("duplicate", t % 7 == 0 ? 25 : 0).put("rejected", 0).put("shed", shed)
        .put("error", 0).put("unknown", 0));
    }
    return new JsonObject()
      .put("scenario", "steady")
      .put("description", "Constant arrival rate of single events <5 KiB> & \"quoted\"")
      .put("target", TARGET)
      .put("startedAt", "2026-11-22T22:40:00Z")
      .put("machine", new JsonObject().put("cores", 2).put("java", "17.0.15"))
      .put("plan", new JsonObject().put("schedule", "constant").put("rate", 5000).put("durationSeconds", 60)
        .put("warmupSeconds", 10).put("connections", 64).put("eventBytes", 300).put("batchSize", 1)
        .put("duplicateShare", 0.0).put("keys", 1024))
      .put("measured", new JsonObject().put("seconds", 60.0).put("requests", 300000).put("events", 300000)
        .put("requestsPerSecond", 5000.0).put("eventsPerSecond", 5000.0))
      .put("outcomes", new JsonObject().put("accepted", 298640).put("duplicate", 200).put("rejected", 0)
        .put("shed", 1160).put("error", 0).put("unknown", 0))
      .put("latency", new JsonObject()
        .put("all", block(300000, 3.1, 6.0, 21.0, 40.2, 355.0))
        .put("accepted", block(298640, 3.0, 5.8, 19.5, 38.0, 120.0))
        .put("duplicate", block(200, 1.2, 2.0, 4.4, 5.0, 5.0))
        .put("shed", block(1160, 45.0, 210.0, 320.0, 350.0, 355.0)))
      .put("serviceTime", new JsonObject().put("all", block(300000, 2.4, 4.1, 9.9, 22.0, 60.0)))
      .put("scheduleLag", new JsonObject().put("maxMs", 4.0).put("generatorBehind", false))
      .put("timeline", timeline)
      .put("delivery", new JsonObject().put("checked", true).put("topics", new JsonArray().add("events"))
        .put("acknowledged", 298840).put("found", 298840).put("ackedMissing", 0)
        .put("publishedNotAcknowledged", 10).put("duplicates", 0).put("orderViolations", 0)
        .put("acceptToKafka", new JsonObject().put("count", 298840).put("p50", 12.0).put("p99", 80.0).put("max", 150.0)))
      .put("thresholds", new JsonArray()
        .add(new JsonObject().put("name", "p99").put("limit", 50.0).put("actual", 21.0).put("passed", true))
        .add(new JsonObject().put("name", "shed share %").put("limit", 1.0).put("actual", 0.39).put("passed", true)))
      .put("passed", true);
  }

  /** A run against a target that never answered: no completion, no latency, no delivery, no thresholds. */
  static JsonObject empty() {
    JsonArray timeline = new JsonArray();
    for (int t = 1; t <= 5; t++) {
      timeline.add(new JsonObject().put("t", t).put("sent", 0).put("completed", 0));
    }
    return new JsonObject()
      .put("scenario", "nothing")
      .put("description", "")
      .put("target", TARGET)
      .put("startedAt", "2026-11-22T22:40:00Z")
      .put("machine", new JsonObject().put("cores", 2))
      .put("plan", new JsonObject().put("rate", 0).put("durationSeconds", 5).put("warmupSeconds", 0))
      .put("measured", new JsonObject().put("seconds", 5.0).put("requests", 0).put("events", 0))
      .put("outcomes", new JsonObject().put("accepted", 0).put("duplicate", 0).put("rejected", 0).put("shed", 0)
        .put("error", 0).put("unknown", 0))
      .put("latency", new JsonObject().put("all", new JsonObject().put("count", 0)))
      .put("timeline", timeline);
  }

  /** A latency block with a fine-grained distribution through the given percentiles. */
  private static JsonObject block(long count, double p50, double p90, double p99, double p999, double max) {
    JsonArray distribution = new JsonArray();
    double[][] anchors = {{0, p50 * 0.2}, {50, p50}, {90, p90}, {99, p99}, {99.9, p999}, {100, max}};
    for (int i = 0; i + 1 < anchors.length; i++) {
      // Interpolate in 1/(1-p) space, the way a histogram's percentile iteration spaces its points.
      double from = 1 / (1 - anchors[i][0] / 100);
      double to = anchors[i + 1][0] >= 100 ? from * 10 : 1 / (1 - anchors[i + 1][0] / 100);
      for (int step = 0; step < 4; step++) {
        double x = from * Math.pow(to / from, step / 4.0);
        double p = 100 - 100 / x;
        double ms = anchors[i][1] + (anchors[i + 1][1] - anchors[i][1]) * step / 4.0;
        distribution.add(new JsonArray().add(round(p)).add(round(ms)));
      }
    }
    distribution.add(new JsonArray().add(100.0).add(max));
    return new JsonObject().put("count", count).put("p50", p50).put("p90", p90).put("p99", p99)
      .put("p99_9", p999).put("max", max).put("distribution", distribution);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
