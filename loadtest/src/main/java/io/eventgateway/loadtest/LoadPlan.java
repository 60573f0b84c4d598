package io.eventgateway.loadtest;

import java.time.Duration;

/** What to send: a constant arrival rate for a bounded time, after an unmeasured warm-up. */
public record LoadPlan(String target, int ratePerSecond, Duration duration, Duration warmup, int connections,
                       int eventBytes) {
  public LoadPlan {
    if (ratePerSecond <= 0 || connections <= 0 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("rate, connections and duration must be positive");
    }
  }
}
