package io.eventgateway.loadtest.ceilings;

import io.eventgateway.loadtest.CpuSteal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The clock and the tally of one ceiling measurement, safe to use from any thread. Drivers keep work
 * going while {@link #sending()} says so and {@link #record} every completion; only completions inside
 * the measured window count, so the warm-up (connections, JIT, the broker's first batches) stays out.
 * The window ends at its deadline or when maxOps completions were reached, whichever comes first. The
 * machine's CPU is read at both edges of the window ({@link WindowCpu}).
 */
final class Measurement {
  private final long warmupEnd;
  private final long deadline;
  private final long maxOps;
  private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
  private final LongAdder measured = new LongAdder();
  private final LongAdder total = new LongAdder();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile long stoppedAt = Long.MAX_VALUE;
  private final WindowCpu cpu;

  private Measurement(long start, long warmupNanos, long windowNanos, long maxOps) {
    this.warmupEnd = start + warmupNanos;
    this.deadline = warmupEnd + windowNanos;
    this.maxOps = maxOps;
    this.cpu = WindowCpu.watch(warmupEnd, () -> Math.min(deadline, stoppedAt));
  }

  /** Starts the clock now. */
  static Measurement start(Plan plan) {
    return new Measurement(System.nanoTime(), plan.warmupNanos(), plan.windowNanos(), plan.maxOps());
  }

  /** Whether drivers should start more work. */
  boolean sending() {
    return failure.get() == null && stoppedAt == Long.MAX_VALUE && System.nanoTime() < deadline;
  }

  /** A round trip that started at startNanos and just completed ops operations. */
  void record(long startNanos, int ops) {
    long now = System.nanoTime();
    total.add(ops);
    if (now >= warmupEnd && now < Math.min(deadline, stoppedAt)) {
      measured.add(ops);
      latency.recordValue(Math.max(0, now - startNanos));
    }
    if (total.sum() >= maxOps && stoppedAt == Long.MAX_VALUE) {
      stoppedAt = now;
    }
  }

  /** Stops the measurement; the first failure is the one reported. */
  void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
  }

  Throwable failure() {
    return failure.get();
  }

  /** The result, once drivers have stopped. */
  Ceiling result(String component, String unit, String setup) {
    Throwable cause = failure.get();
    if (cause != null) {
      return Ceiling.failed(component, unit, setup, describe(cause));
    }
    long end = Math.min(deadline, stoppedAt);
    double seconds = Math.max(0, end - warmupEnd) / 1e9;
    long count = measured.sum();
    if (count == 0) {
      return Ceiling.failed(component, unit, setup, "nothing completed in the measured window");
    }
    return new Ceiling(component, unit, count, seconds, latency.getValueAtPercentile(50) / 1e6,
      latency.getValueAtPercentile(99) / 1e6, setup, null, machineCpu());
  }

  /** The machine's CPU over the window; null where it could not be read. */
  private CpuSteal.Shares machineCpu() {
    try {
      return cpu.await(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Nanoseconds until the window closes (for a bounded wait on the drivers). */
  long nanosLeft() {
    return Math.max(0, deadline - System.nanoTime());
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
