package io.eventgateway.loadtest.report;

import static io.eventgateway.loadtest.report.Html.esc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's text parts: header, verdict, and the tables. Each returns an HTML fragment. */
final class Sections {
  /** Delivery fields with the sentence a reader needs; any other field is shown under its own name. */
  private static final Map<String, String> DELIVERY_LABELS = new LinkedHashMap<>();

  static {
    DELIVERY_LABELS.put("checked", "verification ran");
    DELIVERY_LABELS.put("topics", "topics read");
    DELIVERY_LABELS.put("acknowledged", "accepted by the gateway (202)");
    DELIVERY_LABELS.put("found", "of those, found in Kafka");
    DELIVERY_LABELS.put("ackedMissing", "accepted but missing from Kafka");
    DELIVERY_LABELS.put("publishedNotAcknowledged", "in Kafka without a 202 (client saw no answer)");
    DELIVERY_LABELS.put("duplicates", "duplicate records in Kafka");
    DELIVERY_LABELS.put("orderViolations", "per-key order violations");
  }

  /** Counts that must be zero for the run to be clean. */
  private static final List<String> MUST_BE_ZERO = List.of("ackedMissing", "duplicates", "orderViolations");

  private Sections() {
  }

  static String header(JsonObject summary) {
    StringBuilder out = new StringBuilder("<header>\n");
    out.append("<h1>Load test: ").append(esc(Json.str(summary, "scenario"))).append("</h1>\n");
    String description = Json.str(summary, "description");
    if (!description.isEmpty()) {
      out.append("<p class=\"description\">").append(esc(description)).append("</p>\n");
    }
    out.append("<dl class=\"facts\">\n");
    fact(out, "target", Json.str(summary, "target"));
    fact(out, "started", Json.str(summary, "startedAt"));
    fact(out, "machine", pairs(Json.obj(summary, "machine")));
    fact(out, "plan", pairs(Json.obj(summary, "plan")));
    fact(out, "measured", pairs(Json.obj(summary, "measured")));
    JsonObject lag = Json.obj(summary, "scheduleLag");
    if (lag != null) {
      fact(out, "schedule lag", pairs(lag));
    }
    JsonObject gc = Json.obj(summary, "generatorGc");
    if (gc != null) {
      fact(out, "generator GC pauses", pairs(gc));
    }
    JsonObject steal = Json.obj(summary, "cpuSteal");
    if (steal != null) {
      fact(out, "CPU steal (hypervisor)", pairs(steal));
    }
    out.append("</dl>\n</header>\n");
    return out.toString();
  }

  /** Pass/fail banner, a warning when the generator fell behind, and the thresholds table. */
  static String verdict(JsonObject summary) {
    StringBuilder out = new StringBuilder("<section>\n");
    Object passed = summary.getValue("passed");
    JsonArray thresholds = Json.arr(summary, "thresholds");
    if (Boolean.TRUE.equals(passed)) {
      out.append("<div class=\"banner pass\">PASSED: every threshold held</div>\n");
    } else if (Boolean.FALSE.equals(passed)) {
      long broken = failedCount(thresholds);
      out.append("<div class=\"banner fail\">FAILED: ").append(broken > 0
        ? broken + " threshold(s) broken" : "the run is invalid (see below)").append("</div>\n");
    } else {
      out.append("<div class=\"banner neutral\">No verdict: this run had no thresholds</div>\n");
    }
    if (Boolean.TRUE.equals(Json.objOrEmpty(summary, "scheduleLag").getValue("generatorBehind"))) {
      out.append("<div class=\"banner fail\">The generator fell behind its schedule: the planned rate was not "
        + "offered, so these figures do not describe that rate</div>\n");
    }
    if (!thresholds.isEmpty()) {
      out.append("<h2>Thresholds</h2>\n<table>\n<tr><th>threshold</th><th>limit</th><th>actual</th><th>result</th></tr>\n");
      for (int i = 0; i < thresholds.size(); i++) {
        JsonObject t = thresholds.getValue(i) instanceof JsonObject o ? o : new JsonObject();
        boolean ok = Boolean.TRUE.equals(t.getValue("passed"));
        out.append("<tr><td>").append(esc(Json.str(t, "name"))).append("</td>")
          .append(numCell(Html.ms(Json.num(t, "limit")))).append(numCell(Html.ms(Json.num(t, "actual"))))
          .append("<td class=\"").append(ok ? "good" : "bad").append("\">").append(ok ? "passed" : "failed")
          .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    return out.append("</section>\n").toString();
  }

  static String outcomes(JsonObject summary) {
    JsonObject outcomes = Json.objOrEmpty(summary, "outcomes");
    double total = 0;
    for (String key : outcomes.fieldNames()) {
      total += Json.num(outcomes, key, 0);
    }
    List<String> keys = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      keys.add(outcome.key);
    }
    for (String key : outcomes.fieldNames()) {
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    StringBuilder out = new StringBuilder("<section>\n<h2>Outcomes</h2>\n<table>\n");
    out.append("<tr><th>outcome</th><th>count</th><th>share</th></tr>\n");
    for (String key : keys) {
      if (!outcomes.containsKey(key)) {
        continue;
      }
      double n = Json.num(outcomes, key, 0);
      out.append("<tr><td><span class=\"dot\" style=\"background:").append(esc(Outcome.colorOf(key)))
        .append("\"></span>").append(esc(key)).append("</td>").append(numCell(Html.count(n)))
        .append(numCell(total > 0 ? String.format(java.util.Locale.ROOT, "%.2f %%", 100 * n / total) : "–"))
        .append("</tr>\n");
    }
    out.append("<tr class=\"total\"><td>total</td>").append(numCell(Html.count(total))).append(numCell(""))
      .append("</tr>\n");
    return out.append("</table>\n</section>\n").toString();
  }

  /** Latency per outcome, then service time, as p50 ... max in milliseconds. */
  static String percentiles(JsonObject summary) {
    StringBuilder out = new StringBuilder("<section>\n<h2>Latency (ms)</h2>\n");
    out.append("<p class=\"note\">From each request's intended start, so a stall delays every request "
      + "scheduled behind it (corrected for coordinated omission); service time counts from the actual send.</p>\n");
    out.append("<table>\n<tr><th></th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n");
    JsonObject latency = Json.obj(summary, "latency");
    int rows = 0;
    for (String key : LatencyKeys.ordered(latency)) {
      percentileRow(out, key.equals("all") ? "all outcomes" : key, Outcome.colorOf(key), Json.obj(latency, key));
      rows++;
    }
    JsonObject service = Json.obj(summary, "serviceTime");
    for (String key : LatencyKeys.ordered(service)) {
      percentileRow(out, "service time, " + (key.equals("all") ? "all outcomes" : key), "#9e9e9e",
        Json.obj(service, key));
      rows++;
    }
    if (rows == 0) {
      out.append("<tr><td colspan=\"7\" class=\"empty-row\">no request completed</td></tr>\n");
    }
    return out.append("</table>\n</section>\n").toString();
  }

  /** The delivery check against Kafka; empty when none ran. */
  static String delivery(JsonObject summary) {
    JsonObject delivery = Json.obj(summary, "delivery");
    if (delivery == null) {
      return "";
    }
    StringBuilder out = new StringBuilder("<section>\n<h2>Delivery to Kafka</h2>\n<table>\n");
    List<String> keys = new ArrayList<>(DELIVERY_LABELS.keySet());
    for (String key : delivery.fieldNames()) {
      if (!keys.contains(key) && !key.equals("acceptToKafka")) {
        keys.add(key);
      }
    }
    for (String key : keys) {
      if (!delivery.containsKey(key)) {
        continue;
      }
      Object value = delivery.getValue(key);
      String cssClass = "";
      if (MUST_BE_ZERO.contains(key) && value instanceof Number n) {
        cssClass = n.doubleValue() == 0 ? "good" : "bad";
      }
      String text = value instanceof JsonArray a ? String.join(", ", a.stream().map(String::valueOf).toList())
        : value instanceof Number n ? Html.count(n.doubleValue()) : String.valueOf(value);
      out.append("<tr><td>").append(esc(DELIVERY_LABELS.getOrDefault(key, key))).append("</td><td class=\"num ")
        .append(cssClass).append("\">").append(esc(text)).append("</td></tr>\n");
    }
    out.append("</table>\n");
    JsonObject toKafka = Json.obj(delivery, "acceptToKafka");
    if (toKafka != null) {
      out.append("<h3>From 202 to the record in Kafka (ms)</h3>\n<table>\n<tr>");
      List<String> fields = new ArrayList<>(toKafka.fieldNames());
      for (String field : fields) {
        out.append("<th>").append(esc(field)).append("</th>");
      }
      out.append("</tr>\n<tr>");
      for (String field : fields) {
        double value = Json.num(toKafka, field);
        out.append(numCell(field.equals("count") ? Html.count(value) : Html.ms(value)));
      }
      out.append("</tr>\n</table>\n");
    }
    return out.append("</section>\n").toString();
  }

  private static void percentileRow(StringBuilder out, String name, String color, JsonObject block) {
    out.append("<tr><td><span class=\"dot\" style=\"background:").append(esc(color)).append("\"></span>")
      .append(esc(name)).append("</td>").append(numCell(Html.count(Json.num(block, "count", 0))));
    for (String key : LatencyKeys.KEYS) {
      out.append(numCell(Html.ms(Json.num(block, key))));
    }
    out.append("</tr>\n");
  }

  private static long failedCount(JsonArray thresholds) {
    return thresholds.stream()
      .filter(t -> t instanceof JsonObject o && !Boolean.TRUE.equals(o.getValue("passed")))
      .count();
  }

  private static void fact(StringBuilder out, String name, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    out.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  /** "key value, key value" for a flat object; nested values as their JSON. */
  private static String pairs(JsonObject object) {
    if (object == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> entry : object) {
      parts.add(entry.getKey() + " " + Html.plain(entry.getValue()));
    }
    return String.join(", ", parts);
  }

  private static String numCell(String text) {
    return "<td class=\"num\">" + esc(text) + "</td>";
  }
}
