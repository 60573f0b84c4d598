package io.eventgateway.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints one markdown table row per {@code summary.json} given on the command line, for
 * docs/benchmarks.md: the window's CPU steal, what was offered, what came through and at what CPU per
 * event, latency, outcomes, and delivery.
 */
public final class SummaryTable {
  private SummaryTable() {
  }

  public static void main(String[] files) throws IOException {
    System.out.println("| scenario | steal | offered | events/s | CPU µs/event | p50 ms | p99 ms"
      + " | accepted / duplicate / rejected / shed / error / unknown | acked missing / dup / order"
      + " | accepted→in Kafka p99 ms | verdict |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
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
    JsonObject measured = s.getJsonObject("measured");
    JsonObject cpu = s.getJsonObject("cpuSteal");
    String steal = cpu == null ? "?" : String.format(Locale.ROOT, "%.1f %%", cpu.getDouble("stealPercent"));
    String perEvent = measured.containsKey("cpuMicrosPerEvent")
      ? String.format(Locale.ROOT, "%.0f", measured.getDouble("cpuMicrosPerEvent")) : "?";
    return String.format(Locale.ROOT,
      "| %s | %s | %s%s | %.0f | %s | %.1f | %.1f | %d / %d / %d / %d / %d / %d | %s | %s | %s |",
      s.getString("scenario"), steal, plan.getString("scheduleDescription"),
      plan.getInteger("batchSize") > 1 ? " × " + plan.getInteger("batchSize") + " events" : "",
      measured.getDouble("eventsPerSecond"), perEvent, all.getDouble("p50"), all.getDouble("p99"),
      o.getLong("accepted"), o.getLong("duplicate"), o.getLong("rejected"), o.getLong("shed"), o.getLong("error"),
      o.getLong("unknown"), delivery, toKafka, verdict);
  }
}
