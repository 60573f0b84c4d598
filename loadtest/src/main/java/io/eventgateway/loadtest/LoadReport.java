package io.eventgateway.loadtest;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latency (from intended start, i.e. corrected for coordinated omission) and service time (from actual
 * send) histograms, plus outcome counts by status. Status -1 means no response (timeout, reset).
 */
final class LoadReport {
  private static final long MAX_NANOS = 120_000_000_000L;

  private final Histogram latency = new Histogram(MAX_NANOS, 3);
  private final Histogram service = new Histogram(MAX_NANOS, 3);
  private final Histogram interval = new Histogram(MAX_NANOS, 2);
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private long maxLag;
  private long measuredStart;
  private long lastCompletion;

  void record(int status, long latencyNanos, long serviceNanos, long completionNanos) {
    latency.recordValue(Math.min(latencyNanos, MAX_NANOS));
    service.recordValue(Math.min(serviceNanos, MAX_NANOS));
    statuses.merge(status, 1L, Long::sum);
    lastCompletion = Math.max(lastCompletion, completionNanos);
  }

  /** Every completion, warm-up included, for the per-second progress line. */
  void recordInterval(long latencyNanos) {
    interval.recordValue(Math.min(latencyNanos, MAX_NANOS));
  }

  String progressLine(long second, long sent, long completed) {
    String line = String.format("t=%3ds sent=%d done=%d in-flight=%d last-second: n=%d p50=%.1fms p99=%.1fms max=%.1fms",
      second, sent, completed, sent - completed, interval.getTotalCount(), interval.getValueAtPercentile(50) / 1e6,
      interval.getValueAtPercentile(99) / 1e6, interval.getMaxValue() / 1e6);
    interval.reset();
    return line;
  }

  void noteGeneratorLag(long requestsBehind) {
    maxLag = Math.max(maxLag, requestsBehind);
  }

  void finish(long measureFrom, long end) {
    measuredStart = measureFrom;
    lastCompletion = Math.max(lastCompletion, end);
  }

  boolean generatorFellBehind() {
    return maxLag > 0;
  }

  String render(LoadPlan plan) {
    long count = latency.getTotalCount();
    double seconds = Math.max(1e-9, (lastCompletion - measuredStart) / 1e9);
    StringBuilder out = new StringBuilder();
    out.append(String.format("target %s, offered %d req/s for %s (after a %s ramp-up, excluded), %d connections%n",
      plan.target(), plan.ratePerSecond(), plan.duration(), plan.warmup(), plan.connections()));
    out.append(String.format("completed %d in %.1f s = %.0f req/s%n", count, seconds, count / seconds));
    out.append("statuses ").append(statuses).append('\n');
    out.append(String.format("%-28s %9s %9s %9s %9s %9s%n", "ms", "p50", "p90", "p99", "p99.9", "max"));
    out.append(row("latency (from intended start)", latency));
    out.append(row("service time (from send)", service));
    if (generatorFellBehind()) {
      out.append(String.format("WARNING: the generator fell behind its schedule by up to %d requests in the "
        + "measured window; "
        + "the offered rate was not sent and this run is invalid%n", maxLag));
    }
    return out.toString();
  }

  private static String row(String name, Histogram h) {
    return String.format("%-28s %9.2f %9.2f %9.2f %9.2f %9.2f%n", name,
      h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
      h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
  }
}
