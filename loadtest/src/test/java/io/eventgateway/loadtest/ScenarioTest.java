package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void everyShippedScenarioLoads() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "conf", "scenarios"))) {
      List<Path> scenarios = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertTrue(scenarios.size() >= 8, "scenarios: " + scenarios);
      for (Path file : scenarios) {
        Scenario scenario = Scenario.load(file, Map.of());
        assertTrue(scenario.rate() > 0, file.toString());
        assertFalse(scenario.description().isBlank(), file.toString());
      }
    }
  }

  @Test
  void commandLineOverridesWin() {
    Scenario scenario = Scenario.fromMap("x", new java.util.HashMap<>(Map.of("rate", "5000", "duration", "2m",
      "batch-size", "100")));
    assertEquals(5000, scenario.rate());
    assertEquals(120, scenario.duration().toSeconds());
    assertEquals(100, scenario.batchSize());
  }

  @Test
  void unknownKeysAreErrors() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
      () -> Scenario.fromMap("x", new java.util.HashMap<>(Map.of("rtae", "5"))));
    assertTrue(e.getMessage().contains("rtae"), e.getMessage());
  }

  @Test
  void schedulesShapeTheRate() {
    ArrivalSchedule step = ArrivalSchedule.fromMap(Map.of("type", "step", "step", 1000, "step-every", "10s"), 2000, 60);
    assertEquals(2000, step.rateAt(5));
    assertEquals(4000, step.rateAt(25));
    ArrivalSchedule spike = ArrivalSchedule.fromMap(Map.of("type", "spike", "spike-rate", 9000, "spike-at", "20s",
      "spike-for", "5s"), 1000, 60);
    assertEquals(1000, spike.rateAt(19));
    assertEquals(9000, spike.rateAt(22));
    ArrivalSchedule ramp = ArrivalSchedule.fromMap(Map.of("type", "ramp", "to", 3000), 1000, 60);
    assertEquals(2000, ramp.rateAt(30), 1e-9);
  }

  @Test
  void poissonGapsKeepTheMeanRate() {
    ArrivalSchedule poisson = ArrivalSchedule.fromMap(Map.of("type", "poisson"), 1000, 60);
    long total = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      total += poisson.nextGapNanos(1, 10);
    }
    assertEquals(1_000_000, total / (double) n, 20_000, "mean gap of 1 ms at 1000/s");
    assertEquals("poisson", poisson.type());
  }

  @Test
  void warmUpRampsFromATenth() {
    ArrivalSchedule constant = ArrivalSchedule.constant(1000, 60);
    assertEquals(10_000_000, constant.nextGapNanos(-10, 10), 1, "100/s at the start of a 10 s warm-up");
    assertEquals(1_000_000, constant.nextGapNanos(0, 10), 1);
  }

  @Test
  void outcomesAreClassifiedByStatusAndBody() {
    assertEquals(Outcome.ACCEPTED, Outcome.of(202, "{\"status\":\"accepted\"}"));
    assertEquals(Outcome.DUPLICATE, Outcome.of(202, "{\"status\":\"duplicate\"}"));
    assertEquals(Outcome.REJECTED, Outcome.of(413, null));
    assertEquals(Outcome.REJECTED, Outcome.of(207, null));
    assertEquals(Outcome.SHED, Outcome.of(503, null));
    assertEquals(Outcome.SHED, Outcome.of(429, null));
    assertEquals(Outcome.ERROR, Outcome.of(500, null));
    assertEquals(Outcome.UNKNOWN, Outcome.of(-1, null));
    assertEquals(Outcome.UNKNOWN, Outcome.of(504, null), "deadline passed: the commit may still happen");
  }

  @Test
  void transportIsHttpUnlessTheScenarioSaysWebsocket() {
    assertEquals(Scenario.Transport.HTTP, Scenario.fromMap("x", new java.util.HashMap<>()).transport());
    assertEquals(Scenario.Transport.WEBSOCKET,
      Scenario.fromMap("x", new java.util.HashMap<>(Map.of("transport", "websocket"))).transport());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
      () -> Scenario.fromMap("x", new java.util.HashMap<>(Map.of("transport", "carrier-pigeon"))));
    assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
  }
}
