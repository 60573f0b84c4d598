package io.eventgateway.overload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound on events in flight in one gateway instance, shared by every event loop and transport. A
 * non-blocking counting semaphore: {@link #tryAcquire} answers at once, so a full gateway sheds in
 * microseconds instead of queueing. It also knows how fast permits come back, which is what a client
 * that was shed should wait for ({@link #retryAfterSeconds}).
 */
public final class IngressPermits {
  private static final long RATE_SAMPLE_NANOS = 1_000_000_000L;

  private final int max;
  private final AtomicInteger inUse = new AtomicInteger();
  private final LongAdder released = new LongAdder();
  private long sampleStartNanos = System.nanoTime();
  private long sampleStartReleased;
  private double releasedPerSecond;

  public IngressPermits(int max) {
    this.max = max;
  }

  /** Takes {@code n} permits if all of them are free; never waits. */
  public boolean tryAcquire(int n) {
    while (true) {
      int current = inUse.get();
      if (current + n > max) {
        return false;
      }
      if (inUse.compareAndSet(current, current + n)) {
        return true;
      }
    }
  }

  public void release(int n) {
    inUse.addAndGet(-n);
    released.add(n);
  }

  public int inUse() {
    return inUse.get();
  }

  public int max() {
    return max;
  }

  /**
   * How long until the permits now in use have come back, at the rate they came back lately: the work
   * queued ahead of a retry. At least 1 s, at most {@code cap}.
   */
  public synchronized int retryAfterSeconds(int cap) {
    long now = System.nanoTime();
    long elapsed = now - sampleStartNanos;
    if (elapsed >= RATE_SAMPLE_NANOS) {
      long total = released.sum();
      releasedPerSecond = (total - sampleStartReleased) * 1e9 / elapsed;
      sampleStartReleased = total;
      sampleStartNanos = now;
    }
    if (releasedPerSecond < 1) {
      return cap;
    }
    return RetryAfter.clamp(inUse.get() / releasedPerSecond, cap);
  }
}
