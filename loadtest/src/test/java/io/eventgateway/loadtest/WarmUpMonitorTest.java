package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WarmUpMonitorTest {
  private static JsonObject second(double p99) {
    return new JsonObject().put("p99", p99);
  }

  @Test
  void settlesAfterTheMinimumOnceTheJitIsQuietAndLatencyLow() {
    WarmUpMonitor monitor = new WarmUpMonitor(10, 50);
    for (int s = 1; s < 10; s++) {
      assertFalse(monitor.settled(second(5), 1000), "not before the minimum (second " + s + ")");
    }
    assertTrue(monitor.settled(second(5), 1000));
  }

  @Test
  void aBusyJitKeepsItWarmingUp() {
    WarmUpMonitor monitor = new WarmUpMonitor(1, 50);
    long compiled = 0;
    for (int s = 0; s < 30; s++) {
      compiled += 400; // 40 % of a core compiling
      assertFalse(monitor.settled(second(5), compiled));
    }
    for (int s = 1; s < WarmUpMonitor.WINDOW; s++) {
      assertFalse(monitor.settled(second(5), compiled), "the quiet window is not complete yet");
    }
    assertTrue(monitor.settled(second(5), compiled));
  }

  @Test
  void oneSlowSecondInTheWindowKeepsItWarmingUp() {
    WarmUpMonitor monitor = new WarmUpMonitor(1, 50);
    for (int s = 0; s < 10; s++) {
      monitor.settled(second(5), 0);
    }
    assertFalse(monitor.settled(second(80), 0));
    for (int s = 1; s < WarmUpMonitor.WINDOW; s++) {
      assertFalse(monitor.settled(second(5), 0), "the slow second is still in the window");
    }
    assertTrue(monitor.settled(second(5), 0));
  }

  @Test
  void noSecondYetIsNotWarm() {
    WarmUpMonitor monitor = new WarmUpMonitor(0, 50);
    for (int s = 0; s < 10; s++) {
      assertFalse(monitor.settled(null, 0));
    }
  }
}
