package io.eventgateway.it;

/** Test-thread pauses (never on an event loop). */
final class Pause {
  private Pause() {
  }

  static void millis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
