package io.eventgateway.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Everything a run observed, recorded on the generator's event loop (so no locking): per-outcome
 * latency (from intended start) and service time (from send) histograms for the measured window, a
 * per-second timeline including warm-up, and, for delivery verification, when each event was sent and
 * acknowledged.
 */
final class RunRecorder {
  static final long MAX_NANOS = 300_000_000_000L;

  /** When an accepted event was sent and acknowledged (epoch ms). */
  record Ack(long sentMillis, long ackMillis) {
  }

  private final Map<Outcome, Histogram> latency = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Histogram> service = new EnumMap<>(Outcome.class);
  private final Histogram allLatency = histogram();
  private final Histogram allService = histogram();
  private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
  /** Null when nothing will verify delivery. */
  private final AckLog acked;
  private long measuredEvents;
  private final Histogram second = histogram();
  private final Map<Outcome, Long> secondCounts = new EnumMap<>(Outcome.class);
  private final List<JsonObject> timeline = new ArrayList<>();
  private HistogramLogWriter log;
  private long maxLagNanos;
  private long sentBefore;
  private long completedBefore;
  private long lagBehindRequests;
  private JsonObject generatorGc = new JsonObject();
  private JsonObject cpuSteal;

  /** @param keepAcks keep when each acknowledged event was sent and acknowledged, for verification */
  RunRecorder(boolean keepAcks) {
    this.acked = keepAcks ? new AckLog() : null;
  }

  private static Histogram histogram() {
    return new Histogram(MAX_NANOS, 3);
  }

  /** Every second's latency histogram also goes to this log (HdrHistogram's interval log format). */
  void logTo(HistogramLogWriter writer) {
    this.log = writer;
  }

  void record(Outcome outcome, boolean measured, int events, long latencyNanos, long serviceNanos) {
    long latencyValue = Math.min(Math.max(latencyNanos, 0), MAX_NANOS);
    second.recordValue(latencyValue);
    secondCounts.merge(outcome, 1L, Long::sum);
    if (!measured) {
      return;
    }
    long serviceValue = Math.min(Math.max(serviceNanos, 0), MAX_NANOS);
    latency.computeIfAbsent(outcome, o -> histogram()).recordValue(latencyValue);
    service.computeIfAbsent(outcome, o -> histogram()).recordValue(serviceValue);
    allLatency.recordValue(latencyValue);
    allService.recordValue(serviceValue);
    counts.merge(outcome, 1L, Long::sum);
    measuredEvents += events;
  }

  /** An event the gateway acknowledged (accepted or duplicate): verification must find it in Kafka. */
  /** An event was acknowledged; {@code id} is one of {@link EventFactory}'s numeric ids. */
  void acked(String id, long sentMillis, long ackMillis) {
    if (acked != null) {
      acked.put(Long.parseLong(id), sentMillis, ackMillis);
    }
  }

  /** The acknowledged events kept for verification (empty when the recorder keeps none). */
  Map<String, Ack> ackedEvents() {
    return acked == null ? Map.of() : acked.toMap();
  }

  void scheduleLag(long lagNanos, long requestsBehind) {
    maxLagNanos = Math.max(maxLagNanos, lagNanos);
    lagBehindRequests = Math.max(lagBehindRequests, requestsBehind);
  }

  boolean generatorFellBehind() {
    return lagBehindRequests > 0;
  }

  /** Closes one second of the timeline and returns the progress line for it. */
  String closeSecond(long t, long sent, long completed) {
    // Per-second counts in the timeline; running totals only in the progress line.
    JsonObject point = new JsonObject().put("t", t).put("sent", sent - sentBefore)
      .put("completed", completed - completedBefore)
      .put("p50", ms(second.getValueAtPercentile(50))).put("p99", ms(second.getValueAtPercentile(99)))
      .put("max", ms(second.getMaxValue()));
    for (Outcome o : Outcome.values()) {
      point.put(o.key(), secondCounts.getOrDefault(o, 0L));
    }
    timeline.add(point);
    if (log != null) {
      second.setStartTimeStamp((t - 1) * 1000);
      second.setEndTimeStamp(t * 1000);
      log.outputIntervalHistogram(second);
    }
    long failures = secondCounts.getOrDefault(Outcome.ERROR, 0L) + secondCounts.getOrDefault(Outcome.UNKNOWN, 0L)
      + secondCounts.getOrDefault(Outcome.SHED, 0L);
    String line = String.format("t=%3ds sent=%d done=%d in-flight=%d | last second: %d done, p50=%.1fms p99=%.1fms"
        + " max=%.1fms, %d shed/error/unknown", t, sent, completed, sent - completed, second.getTotalCount(),
      point.getDouble("p50"), point.getDouble("p99"), point.getDouble("max"), failures);
    second.reset();
    secondCounts.clear();
    sentBefore = sent;
    completedBefore = completed;
    return line;
  }

  long count(Outcome outcome) {
    return counts.getOrDefault(outcome, 0L);
  }

  long measuredRequests() {
    return allLatency.getTotalCount();
  }

  long measuredEvents() {
    return measuredEvents;
  }

  Histogram allLatency() {
    return allLatency;
  }

  JsonObject outcomesJson() {
    JsonObject json = new JsonObject();
    for (Outcome o : Outcome.values()) {
      json.put(o.key(), count(o));
    }
    return json;
  }

  JsonObject latencyJson() {
    return byOutcome(allLatency, latency);
  }

  JsonObject serviceJson() {
    return byOutcome(allService, service);
  }

  /** The latest closed second of the timeline, or null before the first. */
  JsonObject lastSecond() {
    return timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
  }

  JsonArray timelineJson() {
    return new JsonArray(new ArrayList<>(timeline));
  }

  /** The generator's own GC pauses in the measured window (see {@link GcPauses}). */
  void generatorGc(JsonObject pauses) {
    this.generatorGc = pauses;
  }

  JsonObject generatorGcJson() {
    return generatorGc;
  }

  /** The machine's CPU steal in the measured window ({@link CpuSteal}); null where not known. */
  void cpuSteal(JsonObject steal) {
    this.cpuSteal = steal;
  }

  JsonObject cpuStealJson() {
    return cpuSteal;
  }

  JsonObject lagJson() {
    return new JsonObject().put("maxMs", ms(maxLagNanos)).put("generatorBehind", generatorFellBehind());
  }

  private static JsonObject byOutcome(Histogram all, Map<Outcome, Histogram> perOutcome) {
    JsonObject json = new JsonObject().put("all", histogramJson(all));
    perOutcome.forEach((outcome, h) -> json.put(outcome.key(), histogramJson(h)));
    return json;
  }

  static JsonObject histogramJson(Histogram h) {
    JsonArray distribution = new JsonArray();
    for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100}) {
      distribution.add(new JsonArray().add(p).add(ms(h.getValueAtPercentile(p))));
    }
    return new JsonObject()
      .put("count", h.getTotalCount())
      .put("p50", ms(h.getValueAtPercentile(50)))
      .put("p90", ms(h.getValueAtPercentile(90)))
      .put("p99", ms(h.getValueAtPercentile(99)))
      .put("p99_9", ms(h.getValueAtPercentile(99.9)))
      .put("max", ms(h.getMaxValue()))
      .put("distribution", distribution);
  }

  static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
