package io.eventgateway.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one latency block of the summary ({@code {"count","p50",...,"distribution"}}) and orders the
 * blocks of a {@code latency} object: {@code all} first, then outcomes in their usual order, then anything else.
 */
final class LatencyKeys {
  /** The percentiles the tables show, with their summary keys. */
  static final String[] KEYS = {"p50", "p90", "p99", "p99_9", "max"};
  static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};

  private LatencyKeys() {
  }

  /** Keys of blocks that hold at least one sample. */
  static List<String> ordered(JsonObject latency) {
    List<String> keys = new ArrayList<>();
    if (latency == null) {
      return keys;
    }
    List<String> order = new ArrayList<>();
    order.add("all");
    for (Outcome outcome : Outcome.values()) {
      order.add(outcome.key);
    }
    for (String key : latency.fieldNames()) {
      if (!order.contains(key)) {
        order.add(key);
      }
    }
    for (String key : order) {
      JsonObject block = Json.obj(latency, key);
      if (block != null && Json.num(block, "count", 0) > 0) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * The block's {@code [percentile, ms]} pairs, ascending: its {@code distribution}, or, when a summary
   * has none, the table's own percentiles.
   */
  static double[][] distribution(JsonObject block) {
    List<double[]> points = new ArrayList<>();
    JsonArray distribution = Json.arr(block, "distribution");
    for (int i = 0; i < distribution.size(); i++) {
      Object item = distribution.getValue(i);
      if (item instanceof JsonArray pair && pair.size() >= 2 && pair.getValue(0) instanceof Number p
        && pair.getValue(1) instanceof Number ms) {
        points.add(new double[] {p.doubleValue(), ms.doubleValue()});
      }
    }
    if (points.isEmpty()) {
      for (int i = 0; i < KEYS.length; i++) {
        double ms = Json.num(block, KEYS[i]);
        if (!Double.isNaN(ms)) {
          points.add(new double[] {PERCENTILES[i], ms});
        }
      }
    }
    points.sort((a, b) -> Double.compare(a[0], b[0]));
    return points.toArray(new double[0][]);
  }
}
