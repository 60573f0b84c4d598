package io.eventgateway.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * Decides when the pre-warm has done its job. A fixed length is not enough: on two cores the load
 * generator's JIT compiler alone can take more than a core for its first 40 seconds, and the gateway
 * starves beside it. The pre-warm ends once, over the last {@link #WINDOW} seconds, this JVM's JIT
 * compiled for at most {@link #COMPILE_SHARE} of the time and every second's p99 stayed within the
 * scenario's limit (both JVMs hot), but not before its minimum length.
 */
final class WarmUpMonitor {
  static final int WINDOW = 5;
  static final double COMPILE_SHARE = 0.05;

  private record Second(long compileMillis, double p99) {
  }

  private final long minSeconds;
  private final double p99LimitMs;
  private final ArrayDeque<Second> last = new ArrayDeque<>();
  private long seconds;

  WarmUpMonitor(long minSeconds, double p99LimitMs) {
    this.minSeconds = minSeconds;
    this.p99LimitMs = p99LimitMs;
  }

  /**
   * One second passed: {@code point} is its timeline entry (null before the first), {@code compileMillis}
   * the JVM's total compilation time so far. True once warm.
   */
  boolean settled(JsonObject point, long compileMillis) {
    seconds++;
    last.addLast(new Second(compileMillis, point == null ? Double.MAX_VALUE : point.getDouble("p99")));
    if (last.size() > WINDOW + 1) {
      last.removeFirst();
    }
    if (seconds < minSeconds || last.size() <= WINDOW) {
      return false;
    }
    long compiled = last.getLast().compileMillis() - last.getFirst().compileMillis();
    boolean jitQuiet = compiled <= COMPILE_SHARE * WINDOW * 1000;
    boolean fast = last.stream().skip(1).allMatch(s -> s.p99() <= p99LimitMs);
    return jitQuiet && fast;
  }
}
