package io.eventgateway.stream;

/**
 * Bounds Kafka sends awaiting acknowledgement. Used only on the relay's event loop, so a plain counter is
 * the whole semaphore: {@link #tryAcquire()} never waits, and every send releases its permit on ack,
 * error or timeout.
 */
final class SendPermits {
  private final int max;
  private int inUse;

  SendPermits(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    if (inUse >= max) {
      return false;
    }
    inUse++;
    return true;
  }

  void release() {
    if (inUse <= 0) {
      throw new IllegalStateException("permit released twice");
    }
    inUse--;
  }

  int available() {
    return max - inUse;
  }
}
