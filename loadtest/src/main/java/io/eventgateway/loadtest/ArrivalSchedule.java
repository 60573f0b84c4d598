package io.eventgateway.loadtest;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * When requests are due. The rate is a function of time since the measured window began; before it
 * (warm-up) the rate ramps from a tenth of the first rate to all of it, so a cold JVM on either side
 * does not start the window with a backlog. Arrivals are evenly spaced, or Poisson (exponential gaps
 * with the same mean, from a seeded generator so runs are repeatable).
 */
public final class ArrivalSchedule {
  /** The shape of the rate over the measured window. */
  public enum Shape { CONSTANT, RAMP, STEP, SPIKE }

  private final Shape shape;
  private final double rate;
  private final double toRate;
  private final double stepRate;
  private final double stepSeconds;
  private final double spikeRate;
  private final double spikeAtSeconds;
  private final double spikeSeconds;
  private final double durationSeconds;
  private final boolean poisson;
  private final SplittableRandom random = new SplittableRandom(42);

  public ArrivalSchedule(Shape shape, double rate, double toRate, double stepRate, double stepSeconds,
                         double spikeRate, double spikeAtSeconds, double spikeSeconds, double durationSeconds,
                         boolean poisson) {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.shape = shape;
    this.rate = rate;
    this.toRate = toRate;
    this.stepRate = stepRate;
    this.stepSeconds = stepSeconds;
    this.spikeRate = spikeRate;
    this.spikeAtSeconds = spikeAtSeconds;
    this.spikeSeconds = spikeSeconds;
    this.durationSeconds = durationSeconds;
    this.poisson = poisson;
  }

  public static ArrivalSchedule constant(double rate, double durationSeconds) {
    return new ArrivalSchedule(Shape.CONSTANT, rate, rate, 0, 0, 0, 0, 0, durationSeconds, false);
  }

  /** From a scenario's {@code schedule:} map; missing keys take sensible defaults. */
  static ArrivalSchedule fromMap(Map<String, Object> map, double rate, double durationSeconds) {
    Shape shape = Shape.valueOf(String.valueOf(map.getOrDefault("type", "constant")).toUpperCase(Locale.ROOT)
      .replace("POISSON", "CONSTANT"));
    boolean poisson = "poisson".equalsIgnoreCase(String.valueOf(map.get("type")))
      || Boolean.parseBoolean(String.valueOf(map.getOrDefault("poisson", "false")));
    return new ArrivalSchedule(shape, rate,
      number(map, "to", rate), number(map, "step", rate / 4), seconds(map, "step-every", durationSeconds / 4),
      number(map, "spike-rate", rate * 3), seconds(map, "spike-at", durationSeconds / 2),
      seconds(map, "spike-for", 5), durationSeconds, poisson);
  }

  private static double number(Map<String, Object> map, String key, double fallback) {
    Object v = map.get(key);
    return v == null ? fallback : Double.parseDouble(v.toString());
  }

  private static double seconds(Map<String, Object> map, String key, double fallback) {
    Object v = map.get(key);
    return v == null ? fallback : Durations.parse(v.toString()).toMillis() / 1000.0;
  }

  /** Requests per second at {@code t} seconds into the measured window. */
  public double rateAt(double t) {
    return switch (shape) {
      case CONSTANT -> rate;
      case RAMP -> rate + (toRate - rate) * Math.min(1, Math.max(0, t / durationSeconds));
      case STEP -> rate + stepRate * Math.floor(Math.max(0, t) / stepSeconds);
      case SPIKE -> t >= spikeAtSeconds && t < spikeAtSeconds + spikeSeconds ? spikeRate : rate;
    };
  }

  /** The gap to the next arrival, in ns, at {@code t} seconds into the window (negative: warm-up). */
  public long nextGapNanos(double t, double warmupSeconds) {
    double r = t < 0 && warmupSeconds > 0 ? rateAt(0) * (0.1 + 0.9 * (1 + t / warmupSeconds)) : rateAt(t);
    double meanNanos = 1e9 / r;
    return (long) (poisson ? -Math.log(1 - random.nextDouble()) * meanNanos : meanNanos);
  }

  public String describe() {
    String base = switch (shape) {
      case CONSTANT -> String.format("constant %.0f/s", rate);
      case RAMP -> String.format("ramp %.0f/s to %.0f/s", rate, toRate);
      case STEP -> String.format("step from %.0f/s by +%.0f/s every %.0fs", rate, stepRate, stepSeconds);
      case SPIKE -> String.format("%.0f/s with a %.0fs spike to %.0f/s at %.0fs", rate, spikeSeconds, spikeRate,
        spikeAtSeconds);
    };
    return poisson ? base + " (Poisson arrivals)" : base;
  }

  /** Seconds per step of a step schedule. */
  public double stepSeconds() {
    return stepSeconds;
  }

  public String type() {
    return poisson && shape == Shape.CONSTANT ? "poisson" : shape.name().toLowerCase(Locale.ROOT);
  }
}
