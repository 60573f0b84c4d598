package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static final Scenario STEADY = Scenario.load(Path.of("../conf/scenarios/steady.yaml"), Map.of());

  @Test
  void cpuPerEventIsTheMachinesBusyTimeOverTheMeasuredEvents() {
    RunRecorder recorder = recorded(4_000);
    // 0.8 CPU-seconds over 4,000 events: 200 us each.
    recorder.cpuSteal(new JsonObject().put("stealPercent", 1.5).put("busyPercent", 40.0).put("busyCpuSeconds", 0.8));

    JsonObject summary = Summary.build(STEADY, "http://127.0.0.1:8080", Instant.EPOCH, recorder, null, null);

    assertEquals(200.0, summary.getJsonObject("measured").getDouble("cpuMicrosPerEvent"));
    String text = Summary.table(summary);
    assertTrue(text.contains("the machine's CPU per event, every process: 200.0 us"), text);
    String row = SummaryTable.row(summary);
    assertTrue(row.startsWith("| steady | 1.5 % | "), row);
    assertTrue(row.contains(" | 200 | "), row);
  }

  @Test
  void noCpuFigureWhereTheMachinesCpuWasNotRead() {
    JsonObject summary = Summary.build(STEADY, "http://127.0.0.1:8080", Instant.EPOCH, recorded(10), null, null);

    assertFalse(summary.getJsonObject("measured").containsKey("cpuMicrosPerEvent"));
    assertTrue(SummaryTable.row(summary).startsWith("| steady | ? | "), SummaryTable.row(summary));
  }

  private static RunRecorder recorded(int events) {
    RunRecorder recorder = new RunRecorder(false);
    for (int i = 0; i < events; i++) {
      recorder.record(Outcome.ACCEPTED, true, 1, 2_000_000, 1_000_000);
    }
    return recorder;
  }
}
