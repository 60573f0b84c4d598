package io.eventgateway.loadtest;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.vertx.core.Future;
import java.util.List;

/** How the generator's requests reach the gateway: HTTP or WebSocket. Called on the generator's event loop. */
interface RequestSender {
  /** How one request ended, and which of its events (by index) the gateway acknowledged. */
  record Answer(Outcome outcome, List<Integer> acknowledged) {
    static final Answer UNKNOWN = new Answer(Outcome.UNKNOWN, List.of());
  }

  /** Ready to send (connections opened, if the transport keeps any). */
  Future<Void> start();

  /** Sends now; the answer completes when the gateway answered, or fails when it never will. */
  Future<Answer> send(RequestBody request);
}
