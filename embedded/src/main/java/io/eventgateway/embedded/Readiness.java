package io.eventgateway.embedded;

import java.time.Duration;

/** Polls a readiness probe against a deadline, failing fast if the process dies meanwhile. */
final class Readiness {

  /** One attempt: returns normally when ready, throws to say why not yet. */
  @FunctionalInterface
  interface Probe {
    void check() throws Exception;
  }

  private static final long POLL_MILLIS = 100;

  private Readiness() {}

  /**
   * Waits until {@code probe} succeeds. On timeout or if the process exits first, kills it and throws
   * an {@link IllegalStateException} whose message carries the end of its log.
   */
  static void await(ChildProcess process, Duration timeout, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      if (!process.isAlive()) {
        String exit = process.exitDescription();
        process.kill();
        throw new IllegalStateException(process.failure("process " + exit + " before becoming ready"), last);
      }
      try {
        probe.check();
        return;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        process.kill();
        String why = last == null ? "" : " (last probe error: " + last + ")";
        throw new IllegalStateException(process.failure("not ready within " + timeout + why), last);
      }
      sleep(POLL_MILLIS);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a backend", e);
    }
  }
}
