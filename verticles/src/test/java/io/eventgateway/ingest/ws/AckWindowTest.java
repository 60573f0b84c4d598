package io.eventgateway.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.ingest.ws.AckWindow.Hold;
import org.junit.jupiter.api.Test;

class AckWindowTest {
  private final AckWindow window = new AckWindow(10);

  @Test
  void readsWhileFewerThanTheWindowAreInFlight() {
    window.received(9);
    assertTrue(window.readable(), "9 of 10 in flight: one more message may be read");
    window.received(5);
    assertFalse(window.readable(), "a message may overshoot the window; then reading stops");
    assertEquals(14, window.inFlight());
    window.settled(4);
    assertFalse(window.readable(), "still 10 in flight");
    window.settled(1);
    assertTrue(window.readable());
  }

  @Test
  void anyHoldStopsReadingUntilEveryHoldIsLifted() {
    window.hold(Hold.PERMITS, true);
    window.hold(Hold.UNREAD_ACKS, true);
    assertFalse(window.readable());
    window.hold(Hold.PERMITS, false);
    assertFalse(window.readable(), "the client still does not read its acks");
    assertTrue(window.held(Hold.UNREAD_ACKS));
    window.hold(Hold.UNREAD_ACKS, false);
    assertTrue(window.readable());
    window.hold(Hold.CLOSING, true);
    window.hold(Hold.CLOSING, true);
    assertFalse(window.readable());
  }

  @Test
  void settlingMoreThanIsInFlightIsABug() {
    window.received(2);
    assertThrows(IllegalStateException.class, () -> window.settled(3));
    assertThrows(IllegalArgumentException.class, () -> new AckWindow(0));
  }
}
