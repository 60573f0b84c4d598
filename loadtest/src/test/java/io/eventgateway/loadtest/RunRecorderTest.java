package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecorderTest {
  @Test
  void keepsAcknowledgedEventsOnlyForVerification() {
    RunRecorder verifying = new RunRecorder(true);
    RunRecorder notVerifying = new RunRecorder(false);
    for (RunRecorder recorder : new RunRecorder[] {verifying, notVerifying}) {
      recorder.acked("0", 1, 2);
      recorder.acked("0", 3, 4); // a duplicate's ack: the first one counts
      recorder.acked("70000", 5, 6); // past the first chunk
      recorder.acked("9000000", 7, 8);
    }
    Map<String, RunRecorder.Ack> acked = verifying.ackedEvents();
    assertEquals(3, acked.size());
    assertEquals(new RunRecorder.Ack(1, 2), acked.get("0"));
    assertEquals(new RunRecorder.Ack(5, 6), acked.get("70000"));
    assertEquals(new RunRecorder.Ack(7, 8), acked.get("9000000"));
    assertTrue(notVerifying.ackedEvents().isEmpty());
  }
}
