package io.eventgateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RowCountTest {

  @Test
  void exactUpToTheCap() {
    assertEquals(new RowCount(0, true), RowCount.of(0, 100, 5000));
    assertEquals(new RowCount(100, true), RowCount.of(100, 100, 5000));
  }

  @Test
  void anEstimateBeyondItNeverBelowWhatWasCounted() {
    assertEquals(new RowCount(5000, false), RowCount.of(101, 100, 5000));
    assertEquals(new RowCount(101, false), RowCount.of(101, 100, 50));
    assertEquals(new RowCount(101, false), RowCount.of(101, 100, -1));
  }
}
