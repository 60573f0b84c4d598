package io.eventgateway.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints one markdown table row per {@code summary.json} given on the command line, for
 * docs/benchmarks.md: what was offered, what came through, latency, outcomes, and delivery.
 */
public final class SummaryTable {
  private SummaryTable() {
  }

  public static void main(String[] files) throws IOException {
    System.out.println("| scenario | offered | events/s | p50 ms | p99 ms | accepted / duplicate / rejected / shed / error / unknown"
      + " | acked missing / dup / order | accepted→in Kafka p99 ms | verdict |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String file : files) {
      System.out.println(row(new JsonObject(Files.readString(Path.of(file)))));
    }
  }

  static String row(JsonObject s) {
    JsonObject plan = s.getJsonObject("plan");
    JsonObject all = s.getJsonObject("latency").getJsonObject("all");
    JsonObject o = s.getJsonObject("outcomes");
    JsonObject d = s.getJsonObject("delivery", new JsonObject());
    String delivery = d.isEmpty() ? "not checked" : d.getLong("ackedMissing") + " / " + d.getLong("duplicates")
      + " / " + d.getLong("orderViolations");
    String toKafka = d.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", d.getJsonObject("acceptToKafka").getDouble("p99"));
    String verdict = s.getJsonObject("scheduleLag").getBoolean("generatorBehind") ? "invalid (generator behind)"
      : s.getBoolean("passed") ? "passed" : "failed";
    if (s.containsKey("sweep") && s.getJsonObject("sweep").getValue("knee") != null) {
      verdict += String.format(Locale.ROOT, ", knee %.0f/s", s.getJsonObject("sweep").getDouble("knee"));
    }
    return String.format(Locale.ROOT, "| %s | %s%s | %.0f | %.1f | %.1f | %d / %d / %d / %d / %d / %d | %s | %s | %s |",
      s.getString("scenario"), plan.getString("scheduleDescription"),
      plan.getInteger("batchSize") > 1 ? " × " + plan.getInteger("batchSize") + " events" : "",
      s.getJsonObject("measured").getDouble("eventsPerSecond"), all.getDouble("p50"), all.getDouble("p99"),
      o.getLong("accepted"), o.getLong("duplicate"), o.getLong("rejected"), o.getLong("shed"), o.getLong("error"),
      o.getLong("unknown"), delivery, toKafka, verdict);
  }
}
