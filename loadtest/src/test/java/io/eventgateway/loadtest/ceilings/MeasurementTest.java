package io.eventgateway.loadtest.ceilings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void stopsAtTheOperationCap() {
    Measurement measurement = Measurement.start(new Plan(0, 60, 300));

    for (int i = 0; i < 3; i++) {
      assertTrue(measurement.sending());
      measurement.record(System.nanoTime() - 1_000_000, 100);
    }

    assertFalse(measurement.sending());
    Ceiling result = measurement.result("redis", "sets", "setup");
    assertNull(result.error());
    assertEquals(300, result.count());
    assertEquals(1.0, result.p50(), 0.01);
  }

  @Test
  void aFailureEndsTheMeasurementAndIsTheResult() {
    Measurement measurement = Measurement.start(new Plan(0, 60, 1_000));
    measurement.record(System.nanoTime(), 10);

    measurement.fail(new IllegalStateException("HTTP 500"));

    assertFalse(measurement.sending());
    assertEquals("IllegalStateException: HTTP 500", measurement.result("http", "requests", "").error());
  }

  @Test
  void completionsDuringTheWarmUpDoNotCount() {
    Measurement measurement = Measurement.start(new Plan(60, 60, 1_000));
    measurement.record(System.nanoTime(), 10);

    assertEquals("nothing completed in the measured window", measurement.result("kafka", "records", "").error());
  }

  @Test
  void eventsAreAboutThreeHundredBytes() {
    assertEquals(Payloads.EVENT_BYTES, Payloads.event(12345).length());
    assertEquals(Payloads.key(1), Payloads.key(1 + Payloads.KEYS));
  }
}
