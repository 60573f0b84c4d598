package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Bounded clean-up: a close that fails or hangs must not hide the figures already measured. */
final class Quietly {
  private static final long SECONDS = 10;

  private Quietly() {
  }

  static void await(Future<?> closing, String what) {
    try {
      closing.await(SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("warning: " + what + ": " + Measurement.describe(e));
    }
  }
}
