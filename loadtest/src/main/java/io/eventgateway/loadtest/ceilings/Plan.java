package io.eventgateway.loadtest.ceilings;

import java.util.concurrent.TimeUnit;

/**
 * How long each ceiling runs: a warm-up that does not count, then the measured window, and a cap on
 * completed operations so that no run can grow without bound (Redis memory, the Kafka log).
 */
record Plan(int warmupSeconds, int seconds, long maxOps) {
  /** Warm-up of a fifth of the window, at least 1 s and at most 3 s. */
  static Plan forSeconds(int seconds, long maxOps) {
    return new Plan(Math.max(1, Math.min(3, seconds / 5)), seconds, maxOps);
  }

  long warmupNanos() {
    return TimeUnit.SECONDS.toNanos(warmupSeconds);
  }

  long windowNanos() {
    return TimeUnit.SECONDS.toNanos(seconds);
  }
}
