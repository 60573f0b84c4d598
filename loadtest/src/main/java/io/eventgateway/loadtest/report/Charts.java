package io.eventgateway.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The report's three charts, each built from the summary alone. */
final class Charts {
  private static final String WARMUP_LABEL = "warm-up (not measured)";
  /** Percentiles that get a marker (and a tooltip) on the distribution chart. */
  private static final double[] MARKED = {50, 90, 99, 99.9, 99.99, 99.999, 100};

  private Charts() {
  }

  /** p50, p99 and max per second, with the warm-up shaded. */
  static String latencyOverTime(JsonObject summary) {
    Timeline timeline = Timeline.of(summary);
    double[] range = positiveRange(timeline.p50, timeline.p99, timeline.max);
    LineChart chart = new LineChart("Latency over time (per second, from intended start)",
      timeAxis(timeline), Scale.auto(range[0], range[1], Html::ms), "seconds since start", "ms");
    warmup(chart, summary);
    chart.line("max", "#9e9e9e", timeline.t, timeline.max, true, null)
      .line("p99", "#c62828", timeline.t, timeline.p99, false, null)
      .line("p50", "#1565c0", timeline.t, timeline.p50, false, null);
    hovers(chart, timeline);
    return chart.svg();
  }

  /** Completions per second stacked by outcome (or in total, if the timeline has no split), and what was sent. */
  static String throughputOverTime(JsonObject summary) {
    Timeline timeline = Timeline.of(summary);
    List<Outcome> outcomes = timeline.outcomesPresent();
    double[] lower = new double[timeline.size()];
    double top = Math.max(1, maxOf(timeline.sent));
    for (int i = 0; i < timeline.size(); i++) {
      double total = 0;
      for (Outcome outcome : outcomes) {
        total += timeline.outcome(outcome)[i];
      }
      top = Math.max(top, Math.max(total, Double.isNaN(timeline.completed[i]) ? 0 : timeline.completed[i]));
    }
    LineChart chart = new LineChart("Throughput over time (completed per second)", timeAxis(timeline),
      Scale.linear(0, top, Html::rate), "seconds since start", "per second");
    warmup(chart, summary);
    if (outcomes.isEmpty()) {
      chart.area("completed", Outcome.ACCEPTED.color, timeline.t, lower, zeroForNaN(timeline.completed));
    }
    for (Outcome outcome : outcomes) {
      double[] values = timeline.outcome(outcome);
      double[] upper = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        upper[i] = lower[i] + values[i];
      }
      chart.area(outcome.key, outcome.color, timeline.t, lower, upper);
      lower = upper;
    }
    chart.line("sent", Outcome.ALL_COLOR, timeline.t, timeline.sent, true, null);
    hovers(chart, timeline);
    return chart.svg();
  }

  /** Rows retained and pending, and the table's size, as sampled through the run; empty when not sampled. */
  static String outboxOverTime(JsonObject summary) {
    JsonObject outbox = Json.obj(summary, "outbox");
    if (outbox == null || outbox.getJsonArray("samples") == null || outbox.getJsonArray("samples").size() < 2) {
      return "";
    }
    var samples = outbox.getJsonArray("samples");
    int n = samples.size();
    double[] t = new double[n];
    double[] rows = new double[n];
    double[] pending = new double[n];
    double[] megabytes = new double[n];
    for (int i = 0; i < n; i++) {
      JsonObject sample = samples.getJsonObject(i);
      t[i] = sample.getDouble("t");
      rows[i] = sample.getDouble("rows");
      pending[i] = sample.getDouble("pending");
      megabytes[i] = sample.getDouble("bytes") / 1048576.0;
    }
    Scale time = Scale.span(0, Math.max(1, t[n - 1]), Html::plain);
    LineChart count = new LineChart("Outbox rows over time", time, Scale.linear(0, Math.max(1, maxOf(rows)), Html::count),
      "seconds since start", "rows");
    count.line("retained", "#1565c0", t, rows, false, null).line("pending", "#c62828", t, pending, false, null);
    LineChart size = new LineChart("Outbox size on disk over time (table, indexes, TOAST)", time,
      Scale.linear(0, Math.max(1, maxOf(megabytes)), Html::plain), "seconds since start", "MB");
    size.line("MB", "#2e7d32", t, megabytes, false, null);
    return count.svg() + size.svg();
  }

  /**
   * Latency by percentile on HdrHistogram's usual x axis, 1/(1-p) on a log scale, so every extra nine
   * gets the same width. The max (p100, at infinity) is drawn where the slowest of count samples sits,
   * 1 - 1/count.
   */
  static String percentileDistribution(JsonObject summary) {
    JsonObject latency = Json.obj(summary, "latency");
    JsonObject service = Json.obj(Json.obj(summary, "serviceTime"), "all");
    List<String> keys = LatencyKeys.ordered(latency);
    double maxX = 100;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = 0;
    double[][][] series = new double[keys.size() + 1][][];
    for (int k = 0; k <= keys.size(); k++) {
      JsonObject block = k < keys.size() ? Json.obj(latency, keys.get(k)) : service;
      if (block == null || !(Json.num(block, "count", 0) > 0)) {
        continue;
      }
      series[k] = toInverseTail(LatencyKeys.distribution(block), Json.num(block, "count"));
      for (double[] point : series[k]) {
        maxX = Math.max(maxX, point[0]);
        maxY = Math.max(maxY, point[1]);
        if (point[1] > 0) {
          minY = Math.min(minY, point[1]);
        }
      }
    }
    LineChart chart = new LineChart("Latency by percentile (whole measured window)",
      Scale.log(1, maxX, Charts::percentileLabel), Scale.auto(minY, maxY > 0 ? maxY : 1, Html::ms),
      "percentile", "ms");
    for (int k = 0; k <= keys.size(); k++) {
      if (series[k] == null) {
        continue;
      }
      boolean isService = k == keys.size();
      String name = isService ? "service time (all)" : keys.get(k).equals("all") ? "all" : keys.get(k);
      String color = isService ? "#9e9e9e" : Outcome.colorOf(keys.get(k));
      double[] xs = new double[series[k].length];
      double[] ys = new double[series[k].length];
      String[] tips = new String[series[k].length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = series[k][i][0];
        ys[i] = series[k][i][1];
        double percentile = series[k][i][2];
        if (isMarked(percentile)) {
          tips[i] = name + " " + (percentile >= 100 ? "max" : "p" + Html.plain(percentile)) + ": " + Html.ms(ys[i]) + " ms";
        }
      }
      chart.line(name, color, xs, ys, isService || name.equals("all"), tips);
    }
    return chart.svg();
  }

  /** {@code [1/(1-p), ms, p]} per point; p100 goes to max(count, the last finite x). */
  static double[][] toInverseTail(double[][] distribution, double count) {
    double[][] points = new double[distribution.length][];
    double lastX = 1;
    for (int i = 0; i < distribution.length; i++) {
      double p = distribution[i][0];
      double x;
      if (p >= 100) {
        x = Double.isNaN(count) ? lastX * 10 : Math.max(count, lastX);
      } else {
        x = 1 / (1 - Math.max(0, p) / 100);
      }
      lastX = x;
      points[i] = new double[] {x, distribution[i][1], p};
    }
    return points;
  }

  /** The tick label for x = 1/(1-p): "0%", "90%", "99.9%", with as many decimals as the nines need. */
  static String percentileLabel(double x) {
    double p = 100 - 100 / x;
    int decimals = Math.max(0, (int) Math.ceil(Math.log10(x) - 1e-9) - 2);
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f%%", p);
  }

  private static boolean isMarked(double percentile) {
    for (double marked : MARKED) {
      if (Math.abs(percentile - marked) < 1e-9) {
        return true;
      }
    }
    return false;
  }

  private static Scale timeAxis(Timeline timeline) {
    return Scale.span(0, Math.max(1, timeline.lastT()), Html::plain);
  }

  private static void warmup(LineChart chart, JsonObject summary) {
    double warmup = Json.num(Json.obj(summary, "plan"), "warmupSeconds", 0);
    if (warmup > 0) {
      chart.band(0, warmup, WARMUP_LABEL);
    }
  }

  private static void hovers(LineChart chart, Timeline timeline) {
    for (int i = 0; i < timeline.size(); i++) {
      chart.hover(timeline.t[i] - 0.5, timeline.t[i] + 0.5, timeline.describe(i));
    }
  }

  /** {smallest positive, largest} over all values, ignoring NaN; {1, 1} when there is none. */
  private static double[] positiveRange(double[]... columns) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double[] column : columns) {
      for (double value : column) {
        if (value > 0) {
          min = Math.min(min, value);
          max = Math.max(max, value);
        }
      }
    }
    return max > 0 ? new double[] {min, max} : new double[] {1, 1};
  }

  private static double maxOf(double[] values) {
    double max = 0;
    for (double value : values) {
      if (value > max) {
        max = value;
      }
    }
    return max;
  }

  private static double[] zeroForNaN(double[] values) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i])) {
        out[i] = 0;
      }
    }
    return out;
  }
}
