package io.eventgateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxBacklogTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void shedsFromTheHighWaterMarkUntilTheLowWaterMark() {
    OutboxBacklog backlog = new OutboxBacklog(1000, 600, Duration.ZERO);
    backlog.update(999, 5, SECOND);
    assertFalse(backlog.shedding());
    backlog.update(1000, 6, 2 * SECOND);
    assertTrue(backlog.shedding());
    backlog.update(700, 7, 3 * SECOND);
    assertTrue(backlog.shedding(), "between the marks: no flapping");
    assertEquals(1, backlog.retryAfterSeconds(), "drained 300/s, 100 rows to go");
    backlog.update(600, 1, 4 * SECOND);
    assertFalse(backlog.shedding());
  }

  @Test
  void anOldRowShedsToo() {
    OutboxBacklog backlog = new OutboxBacklog(1000, 600, Duration.ofMinutes(10));
    backlog.update(5, 601, SECOND);
    assertTrue(backlog.shedding());
    assertEquals(60, backlog.retryAfterSeconds(), "not draining at all: the longest wait");
    backlog.update(0, 0, 2 * SECOND);
    assertFalse(backlog.shedding());
  }
}
