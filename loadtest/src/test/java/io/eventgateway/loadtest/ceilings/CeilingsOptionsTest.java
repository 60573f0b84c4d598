package io.eventgateway.loadtest.ceilings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CeilingsOptionsTest {

  @Test
  void defaultsToTenSecondsOnTheEmbeddedStack() {
    CeilingsOptions options = CeilingsOptions.parse();

    assertEquals(10, options.seconds());
    assertEquals(Path.of("target/loadtest/ceilings"), options.out());
    assertFalse(options.externalBackends());
    assertEquals(2, options.plan().warmupSeconds());
  }

  @Test
  void givenBackendsGoTogether() {
    CeilingsOptions options = CeilingsOptions.parse("--kafka", "127.0.0.1:9092", "--pg-uri",
      "postgresql://postgres@127.0.0.1:5432/eventgateway", "--redis-uri", "redis://127.0.0.1:6379", "--seconds", "3");

    assertTrue(options.externalBackends());
    assertEquals(3, options.seconds());
    assertThrows(IllegalArgumentException.class, () -> CeilingsOptions.parse("--kafka", "127.0.0.1:9092"));
  }

  @Test
  void rejectsWhatItDoesNotKnow() {
    assertThrows(IllegalArgumentException.class, () -> CeilingsOptions.parse("--rate", "5"));
    assertThrows(IllegalArgumentException.class, () -> CeilingsOptions.parse("--seconds"));
    assertThrows(IllegalArgumentException.class, () -> CeilingsOptions.parse("--seconds", "0"));
    assertThrows(IllegalArgumentException.class, () -> CeilingsOptions.parse("--seconds", "ten"));
  }

  @Test
  void warmUpIsAFifthOfTheWindowBetweenOneAndThreeSeconds() {
    assertEquals(1, Plan.forSeconds(2, 1).warmupSeconds());
    assertEquals(2, Plan.forSeconds(10, 1).warmupSeconds());
    assertEquals(3, Plan.forSeconds(60, 1).warmupSeconds());
  }
}
