package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunRecorderTest {
  @Test
  void keepsAcknowledgedEventsOnlyForVerification() {
    RunRecorder verifying = new RunRecorder(10);
    RunRecorder notVerifying = new RunRecorder(0);
    for (RunRecorder recorder : new RunRecorder[] {verifying, notVerifying}) {
      recorder.acked("a", "k", 1, 2);
      recorder.acked("a", "k", 3, 4); // a duplicate ack keeps the first
      recorder.acked("b", "k", 5, 6);
    }
    assertEquals(2, verifying.ackedEvents().size());
    assertEquals(1, verifying.ackedEvents().get("a").sentMillis());
    assertTrue(notVerifying.ackedEvents().isEmpty());
  }
}
