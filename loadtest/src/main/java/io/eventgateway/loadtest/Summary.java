package io.eventgateway.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a finished run into {@code summary.json} (schema: docs/loadtest-summary-schema.md), checks the
 * scenario's thresholds, and renders the console table.
 */
final class Summary {
  private Summary() {
  }

  /** {@code outbox}: the outbox's size over the run ({@link OutboxSampler}), or null when not sampled. */
  static JsonObject build(Scenario scenario, String target, Instant startedAt, RunRecorder recorder,
                          JsonObject delivery, JsonObject outbox) {
    double seconds = scenario.duration().toMillis() / 1000.0;
    JsonObject summary = new JsonObject()
      .put("scenario", scenario.name())
      .put("description", scenario.description())
      .put("target", target)
      .put("startedAt", startedAt.toString())
      .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version")))
      .put("plan", new JsonObject()
        .put("schedule", scenario.schedule().type())
        .put("scheduleDescription", scenario.schedule().describe())
        .put("rate", scenario.rate())
        .put("durationSeconds", seconds)
        .put("warmupSeconds", scenario.warmup().toMillis() / 1000.0)
        .put("transport", scenario.transport().name().toLowerCase(Locale.ROOT))
        .put("connections", scenario.connections())
        .put("eventBytes", scenario.eventBytes())
        .put("batchSize", scenario.batchSize())
        .put("duplicateShare", scenario.duplicateShare())
        .put("keys", scenario.keys()))
      .put("measured", new JsonObject()
        .put("seconds", seconds)
        .put("requests", recorder.measuredRequests())
        .put("events", recorder.measuredEvents())
        .put("requestsPerSecond", round(recorder.measuredRequests() / seconds))
        .put("eventsPerSecond", round(recorder.measuredEvents() / seconds)))
      .put("outcomes", recorder.outcomesJson())
      .put("latency", recorder.latencyJson())
      .put("serviceTime", recorder.serviceJson())
      .put("scheduleLag", recorder.lagJson())
      .put("generatorGc", recorder.generatorGcJson())
      .put("timeline", recorder.timelineJson());
    JsonObject cpu = recorder.cpuStealJson();
    if (cpu != null) {
      summary.put("cpuSteal", cpu);
      if (recorder.measuredEvents() > 0) {
        // Every process on the machine, per event: read it against the ceilings' CPU floor per event.
        summary.getJsonObject("measured").put("cpuMicrosPerEvent",
          round(cpu.getDouble("busyCpuSeconds") * 1e6 / recorder.measuredEvents()));
      }
    }
    if (delivery != null) {
      summary.put("delivery", delivery);
    }
    if (outbox != null) {
      summary.put("outbox", outbox);
    }
    if (scenario.schedule().type().equals("step")) {
      summary.put("sweep", sweep(scenario, recorder.timelineJson()));
    }
    JsonArray thresholds = thresholds(scenario, recorder, delivery, outbox);
    boolean passed = !recorder.generatorFellBehind()
      && thresholds.stream().allMatch(t -> ((JsonObject) t).getBoolean("passed"));
    return summary.put("thresholds", thresholds).put("passed", passed);
  }

  private static JsonArray thresholds(Scenario scenario, RunRecorder recorder, JsonObject delivery,
                                      JsonObject outbox) {
    JsonArray checks = new JsonArray();
    Scenario.Thresholds limits = scenario.thresholds();
    if (limits.p99Ms() != null) {
      double p99 = RunRecorder.ms(recorder.allLatency().getValueAtPercentile(99));
      checks.add(check("p99", limits.p99Ms(), p99, p99 <= limits.p99Ms()));
    }
    if (limits.errorRate() != null) {
      long failed = recorder.count(Outcome.ERROR) + recorder.count(Outcome.UNKNOWN) + recorder.count(Outcome.SHED);
      double rate = recorder.measuredRequests() == 0 ? 0 : (double) failed / recorder.measuredRequests();
      checks.add(check("errorRate", limits.errorRate(), rate, rate <= limits.errorRate()));
    }
    if (limits.lost() != null) {
      long lost = delivery == null ? -1 : delivery.getLong("ackedMissing");
      checks.add(check("lost", limits.lost(), lost, lost >= 0 && lost <= limits.lost()));
    }
    if (limits.outboxGrowth() != null) {
      // Not sampled (a --target run), or too short to have thirds: the check cannot pass.
      double growth = outbox == null ? -1 : outbox.getDouble("growth", -1.0);
      checks.add(check("outboxGrowth", limits.outboxGrowth(), growth, growth >= 0 && growth <= limits.outboxGrowth()));
    }
    return checks;
  }

  private static JsonObject check(String name, double limit, double actual, boolean passed) {
    return new JsonObject().put("name", name).put("limit", limit).put("actual", round(actual)).put("passed", passed);
  }

  /**
   * Capacity sweep: per step of a step schedule, the offered and achieved rate and the worst
   * per-second p99. The knee is the last step that kept up (95 % of offered) within the p99 limit.
   */
  private static JsonObject sweep(Scenario scenario, JsonArray timeline) {
    double warmup = scenario.warmup().toMillis() / 1000.0;
    double p99Limit = scenario.thresholds().p99Ms() != null ? scenario.thresholds().p99Ms() : 100;
    JsonArray steps = new JsonArray();
    Double knee = null;
    double stepSeconds = scenario.schedule().stepSeconds();
    int stepCount = (int) Math.ceil(scenario.duration().toMillis() / 1000.0 / stepSeconds);
    for (int step = 0; step < stepCount; step++) {
      double from = warmup + step * stepSeconds;
      double offered = scenario.schedule().rateAt(step * stepSeconds + 0.001);
      double worstP99 = 0;
      long completed = 0;
      int points = 0;
      for (Object o : timeline) {
        JsonObject point = (JsonObject) o;
        long t = point.getLong("t");
        // The first second of a step still drains the previous one: judge the step on the rest.
        if (t > from + 1 && t <= from + stepSeconds) {
          worstP99 = Math.max(worstP99, point.getDouble("p99"));
          completed += point.getLong("completed");
          points++;
        }
      }
      double achieved = points == 0 ? 0 : (double) completed / points;
      boolean kept = achieved >= 0.95 * offered && worstP99 <= p99Limit;
      if (kept) {
        knee = offered;
      }
      steps.add(new JsonObject().put("offered", round(offered)).put("achieved", round(achieved))
        .put("worstSecondP99", worstP99).put("keptUp", kept));
    }
    return new JsonObject().put("p99LimitMs", p99Limit).put("steps", steps).put("knee", knee);
  }

  static String table(JsonObject summary) {
    StringBuilder out = new StringBuilder();
    JsonObject plan = summary.getJsonObject("plan");
    JsonObject measured = summary.getJsonObject("measured");
    out.append(String.format(Locale.ROOT, "%n%s: %s%n", summary.getString("scenario"), summary.getString("description")));
    out.append(String.format(Locale.ROOT, "target %s, %s for %.0fs after a %.0fs ramp-up, %d %s%n",
      summary.getString("target"), plan.getString("scheduleDescription"), plan.getDouble("durationSeconds"),
      plan.getDouble("warmupSeconds"), plan.getInteger("connections"),
      "websocket".equals(plan.getString("transport")) ? "WebSockets" : "connections"));
    out.append(String.format(Locale.ROOT, "measured %d requests (%.0f/s), %d events (%.0f/s)%n",
      measured.getLong("requests"), measured.getDouble("requestsPerSecond"), measured.getLong("events"),
      measured.getDouble("eventsPerSecond")));
    out.append("outcomes ").append(summary.getJsonObject("outcomes").encode()).append('\n');
    out.append(String.format(Locale.ROOT, "%-30s %9s %9s %9s %9s %9s %9s%n", "latency ms (intended start)", "count",
      "p50", "p90", "p99", "p99.9", "max"));
    summary.getJsonObject("latency").forEach(entry -> out.append(row(entry.getKey(), (JsonObject) entry.getValue())));
    out.append(row("service time (all)", summary.getJsonObject("serviceTime").getJsonObject("all")));
    JsonObject gc = summary.getJsonObject("generatorGc", new JsonObject());
    if (gc.getLong("count", 0L) > 0) {
      out.append(String.format(Locale.ROOT, "generator GC pauses in the measured window (counted in the latency "
        + "above): %d, %d ms in all, longest %d ms%n", gc.getLong("count"), gc.getLong("totalMs"), gc.getLong("maxMs")));
    }
    JsonObject steal = summary.getJsonObject("cpuSteal");
    if (steal != null) {
      double percent = steal.getDouble("stealPercent");
      out.append(String.format(Locale.ROOT, "CPU steal in the measured window: %.1f %% of the machine's CPU time"
          + " (busy %.1f %%)%s%n", percent, steal.getDouble("busyPercent"), percent > CpuSteal.NOTABLE_PERCENT
          ? ": the hypervisor gave this machine's CPU to others; figures are not comparable with a quiet run" : ""));
      if (measured.containsKey("cpuMicrosPerEvent")) {
        out.append(String.format(Locale.ROOT, "the machine's CPU per event, every process: %.1f us (against the CPU "
          + "floor per event of loadtest/bench/ceilings.sh)%n", measured.getDouble("cpuMicrosPerEvent")));
      }
    }
    if (summary.containsKey("delivery")) {
      JsonObject d = summary.getJsonObject("delivery");
      out.append(String.format(Locale.ROOT, "delivery: %d acknowledged, %d missing, %d published but not "
          + "acknowledged, %d duplicates, %d order violations; request sent -> appended in Kafka p50 %.0f ms, p99 %.0f ms%n",
        d.getLong("acknowledged"), d.getLong("ackedMissing"), d.getLong("publishedNotAcknowledged"),
        d.getLong("duplicates"), d.getLong("orderViolations"), d.getJsonObject("acceptToKafka").getDouble("p50"),
        d.getJsonObject("acceptToKafka").getDouble("p99")));
    }
    if (summary.containsKey("outbox")) {
      JsonObject o = summary.getJsonObject("outbox");
      out.append(String.format(Locale.ROOT, "outbox: at most %,d rows and %.1f MB; largest size in the last third "
          + "of the run / in the middle third: %s%n", o.getLong("maxRows"), o.getLong("maxBytes") / 1048576.0,
        o.getValue("growth", "n/a")));
    }
    if (summary.containsKey("sweep")) {
      out.append("capacity sweep: ").append(summary.getJsonObject("sweep").encode()).append('\n');
    }
    if (summary.getJsonObject("scheduleLag").getBoolean("generatorBehind")) {
      out.append("INVALID: the generator fell behind its own schedule in the measured window; the offered rate "
        + "was not sent\n");
    }
    summary.getJsonArray("thresholds").forEach(t -> {
      JsonObject c = (JsonObject) t;
      out.append(String.format(Locale.ROOT, "threshold %s: %s (limit %s, actual %s)%n", c.getString("name"),
        c.getBoolean("passed") ? "passed" : "FAILED", c.getValue("limit"), c.getValue("actual")));
    });
    out.append(summary.getBoolean("passed") ? "PASSED\n" : "FAILED\n");
    return out.toString();
  }

  private static String row(String name, JsonObject h) {
    return String.format(Locale.ROOT, "%-30s %9d %9.2f %9.2f %9.2f %9.2f %9.2f%n", name, h.getLong("count"),
      h.getDouble("p50"), h.getDouble("p90"), h.getDouble("p99"), h.getDouble("p99_9"), h.getDouble("max"));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
