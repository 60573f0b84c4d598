package io.eventgateway.loadtest.ceilings;

import io.vertx.core.json.JsonObject;

/**
 * One component's measured ceiling: operations completed in the measured window, and the latency of
 * each round trip (one record's ack, one batch's commit, one pipeline, one request) in milliseconds.
 *
 * @param component "kafka", "postgres", "redis" or "http"
 * @param unit what one operation is, plural and lower case: "records", "rows", "sets", "requests"
 * @param count operations completed in the measured window
 * @param seconds length of the measured window
 * @param p50 median round-trip latency, ms
 * @param p99 99th percentile round-trip latency, ms
 * @param setup how it was driven, in a few words
 * @param error why the measurement failed, or null
 */
public record Ceiling(String component, String unit, long count, double seconds, double p50, double p99,
                      String setup, String error) {

  /** A measurement that could not be made. */
  public static Ceiling failed(String component, String unit, String setup, String error) {
    return new Ceiling(component, unit, 0, 0, Double.NaN, Double.NaN, setup, error);
  }

  public boolean ok() {
    return error == null;
  }

  public double perSecond() {
    return seconds > 0 ? count / seconds : 0;
  }

  /** The JSON key of the rate: "recordsPerSecond", "rowsPerSecond", ... */
  public String rateKey() {
    return unit + "PerSecond";
  }

  /** {@code {"<unit>PerSecond", "p50", "p99", "count", "seconds", "setup"}}, or {@code {"error", "setup"}}. */
  public JsonObject toJson() {
    if (!ok()) {
      return new JsonObject().put("error", error).put("setup", setup);
    }
    return new JsonObject()
      .put(rateKey(), round(perSecond(), 1))
      .put("p50", round(p50, 3))
      .put("p99", round(p99, 3))
      .put("count", count)
      .put("seconds", round(seconds, 3))
      .put("setup", setup);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
