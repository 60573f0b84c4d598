package io.eventgateway.ingest.ws;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a socket may be read from. A socket is read while fewer than {@code size} of its events are
 * in flight (read and not yet settled) and nothing else holds it: a socket that is not read pushes back
 * on its client through TCP, so what the gateway holds per socket stays bounded by the window (plus one
 * message) instead of growing with what the client sends.
 *
 * <pre>{@code
 * AckWindow window = new AckWindow(2000);
 * window.received(100);                 // a message of 100 events was read
 * window.hold(Hold.PERMITS, true);      // the gateway's ingress permits are all taken
 * window.readable();                    // false: stop reading until the permits come back
 * }</pre>
 */
final class AckWindow {
  /** Why a socket is not read, besides a full window. */
  enum Hold {
    /** Every ingress permit (or the outbox write queue) is taken; waiting for some to come back. */
    PERMITS,
    /** The socket's write queue is full: its client does not read its acks. */
    UNREAD_ACKS,
    /** The socket is being closed (shutdown, violation): nothing more is read. */
    CLOSING
  }

  private final int size;
  private final Set<Hold> holds = EnumSet.noneOf(Hold.class);
  private int inFlight;

  AckWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    this.size = size;
  }

  /** Events read from the socket; they count until {@link #settled}. */
  void received(int events) {
    inFlight += events;
  }

  /** Events whose outcome is known and acked (or can no longer be). */
  void settled(int events) {
    if (events > inFlight) {
      throw new IllegalStateException("settled " + events + " events with " + inFlight + " in flight");
    }
    inFlight -= events;
  }

  void hold(Hold reason, boolean on) {
    if (on) {
      holds.add(reason);
    } else {
      holds.remove(reason);
    }
  }

  boolean held(Hold reason) {
    return holds.contains(reason);
  }

  boolean full() {
    return inFlight >= size;
  }

  /** Whether the next message may be read. */
  boolean readable() {
    return holds.isEmpty() && !full();
  }

  int inFlight() {
    return inFlight;
  }
}
