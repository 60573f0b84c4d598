package io.eventgateway.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The summary's per-second timeline as columns, ready to chart. */
final class Timeline {
  final double[] t;
  final double[] sent;
  final double[] completed;
  final double[] p50;
  final double[] p99;
  final double[] max;
  private final List<JsonObject> seconds;

  private Timeline(List<JsonObject> seconds) {
    this.seconds = seconds;
    int n = seconds.size();
    t = new double[n];
    sent = new double[n];
    completed = new double[n];
    p50 = new double[n];
    p99 = new double[n];
    max = new double[n];
    for (int i = 0; i < n; i++) {
      JsonObject second = seconds.get(i);
      t[i] = Json.num(second, "t", i + 1);
      sent[i] = Json.num(second, "sent");
      completed[i] = Json.num(second, "completed");
      // A second with no completion has no latency; a gap says so better than a zero would.
      boolean none = completed[i] == 0;
      p50[i] = none ? Double.NaN : Json.num(second, "p50");
      p99[i] = none ? Double.NaN : Json.num(second, "p99");
      max[i] = none ? Double.NaN : Json.num(second, "max");
    }
  }

  static Timeline of(JsonObject summary) {
    JsonArray array = Json.arr(summary, "timeline");
    List<JsonObject> seconds = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof JsonObject second) {
        seconds.add(second);
      }
    }
    return new Timeline(seconds);
  }

  int size() {
    return t.length;
  }

  double lastT() {
    return size() == 0 ? 1 : t[size() - 1];
  }

  /** The outcome's count per second; zeros where a second does not report it. */
  double[] outcome(Outcome outcome) {
    double[] values = new double[size()];
    for (int i = 0; i < size(); i++) {
      values[i] = Json.num(seconds.get(i), outcome.key, 0);
    }
    return values;
  }

  /** Outcomes reported per second with at least one occurrence, in display order. */
  List<Outcome> outcomesPresent() {
    List<Outcome> present = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      for (double value : outcome(outcome)) {
        if (value > 0) {
          present.add(outcome);
          break;
        }
      }
    }
    return present;
  }

  /** What the hover strip of second i says. */
  String describe(int i) {
    StringBuilder text = new StringBuilder("t = ").append(Html.plain(t[i])).append(" s");
    if (!Double.isNaN(sent[i])) {
      text.append("\nsent ").append(Html.count(sent[i]));
    }
    if (!Double.isNaN(completed[i])) {
      text.append(", completed ").append(Html.count(completed[i]));
    }
    if (!Double.isNaN(p50[i])) {
      text.append("\np50 ").append(Html.ms(p50[i])).append(" ms, p99 ").append(Html.ms(p99[i]))
        .append(" ms, max ").append(Html.ms(max[i])).append(" ms");
    }
    for (Outcome outcome : Outcome.values()) {
      double value = Json.num(seconds.get(i), outcome.key, 0);
      if (value > 0) {
        text.append('\n').append(outcome.key).append(' ').append(Html.count(value));
      }
    }
    return text.toString();
  }
}
