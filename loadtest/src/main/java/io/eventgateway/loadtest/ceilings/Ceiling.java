package io.eventgateway.loadtest.ceilings;

import io.eventgateway.loadtest.CpuSteal;
import io.vertx.core.json.JsonObject;

/**
 * One component's measured ceiling: operations completed in the measured window, the latency of each
 * round trip (one record's ack, one batch's commit, one pipeline, one request) in milliseconds, and what
 * the machine's CPU did meanwhile.
 *
 * @param component "kafka", "postgres", "outbox", "redis" or "http"
 * @param unit what one operation is, plural and lower case: "records", "rows", "sets", "requests"
 * @param count operations completed in the measured window
 * @param seconds length of the measured window
 * @param p50 median round-trip latency, ms
 * @param p99 99th percentile round-trip latency, ms
 * @param setup how it was driven, in a few words
 * @param error why the measurement failed, or null
 * @param cpu the machine's CPU over the window, or null where not known
 */
public record Ceiling(String component, String unit, long count, double seconds, double p50, double p99,
                      String setup, String error, CpuSteal.Shares cpu) {

  /** A measurement that could not be made. */
  public static Ceiling failed(String component, String unit, String setup, String error) {
    return new Ceiling(component, unit, 0, 0, Double.NaN, Double.NaN, setup, error, null);
  }

  public boolean ok() {
    return error == null;
  }

  public double perSecond() {
    return seconds > 0 ? count / seconds : 0;
  }

  /**
   * Microseconds of the machine's CPU per operation, NaN where not known. The component, its driver and
   * whatever else ran are all in it: a gateway driving the component the same way pays at least this.
   */
  public double cpuMicrosPerUnit() {
    return ok() && cpu != null && count > 0 ? cpu.busyCpuSeconds() * 1e6 / count : Double.NaN;
  }

  /** The JSON key of the rate: "recordsPerSecond", "rowsPerSecond", ... */
  public String rateKey() {
    return unit + "PerSecond";
  }

  /**
   * {@code {"<unit>PerSecond", "p50", "p99", "count", "seconds", "setup"}} and, where known,
   * {@code "cpuMicrosPerUnit", "busyPercent", "stealPercent"}; or {@code {"error", "setup"}}.
   */
  public JsonObject toJson() {
    if (!ok()) {
      return new JsonObject().put("error", error).put("setup", setup);
    }
    JsonObject json = new JsonObject()
      .put(rateKey(), round(perSecond(), 1))
      .put("p50", round(p50, 3))
      .put("p99", round(p99, 3))
      .put("count", count)
      .put("seconds", round(seconds, 3))
      .put("setup", setup);
    if (cpu != null) {
      json.put("cpuMicrosPerUnit", round(cpuMicrosPerUnit(), 2))
        .put("busyPercent", round(cpu.busyPercent(), 1))
        .put("stealPercent", round(cpu.stealPercent(), 1));
    }
    return json;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
