package io.eventgateway.loadtest.ceilings;

import io.eventgateway.loadtest.CpuSteal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The whole machine's CPU over one measured window: every process, the component's and its driver's
 * alike, since a ceiling's cost per operation is what the machine spends on it. Read from
 * {@code /proc/stat} by a daemon thread of its own at the window's two edges, so no driver's event loop
 * reads a file.
 */
final class WindowCpu {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final CountDownLatch done = new CountDownLatch(1);
  private volatile CpuSteal.Shares shares;

  private WindowCpu() {
  }

  /** Watches from startNanos (System.nanoTime) until endNanos says the window is over. */
  static WindowCpu watch(long startNanos, LongSupplier endNanos) {
    WindowCpu cpu = new WindowCpu();
    Thread thread = new Thread(() -> cpu.run(startNanos, endNanos), "ceiling-cpu");
    thread.setDaemon(true);
    thread.start();
    return cpu;
  }

  private void run(long startNanos, LongSupplier endNanos) {
    try {
      waitUntil(() -> startNanos);
      CpuSteal cpu = new CpuSteal();
      cpu.start();
      waitUntil(endNanos);
      shares = cpu.shares();
    } finally {
      done.countDown();
    }
  }

  private static void waitUntil(LongSupplier nanos) {
    long left;
    while ((left = nanos.getAsLong() - System.nanoTime()) > 0) {
      LockSupport.parkNanos(Math.min(left, POLL_NANOS));
    }
  }

  /** The shares once the window is over; null where /proc/stat is not there or the window never ended. */
  CpuSteal.Shares await(long timeoutMillis) throws InterruptedException {
    return done.await(timeoutMillis, TimeUnit.MILLISECONDS) ? shares : null;
  }
}
