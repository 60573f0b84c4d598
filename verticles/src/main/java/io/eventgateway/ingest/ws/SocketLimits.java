package io.eventgateway.ingest.ws;

import io.eventgateway.config.GatewayConfig;

/** What one socket may do, from the configuration, in the units the socket counts in. */
record SocketLimits(int window, int maxBatchEvents, long requestTimeoutMillis, long idleNanos, long pingNanos,
                    long unreadAcksNanos, int writeQueueBytes) {

  static SocketLimits of(GatewayConfig config) {
    GatewayConfig.WebSocketConfig ws = config.websocket();
    return new SocketLimits(ws.window(), maxBatchEvents(config), config.ingress().requestTimeout().toMillis(),
      ws.idleTimeout().toNanos(), ws.pingInterval().toNanos(), ws.unreadAcksTimeout().toNanos(), ws.writeQueueBytes());
  }

  /**
   * Events per batch a socket submits: as many as one outbox commit takes, since a socket has one batch in
   * flight at a time (which keeps its events in order); never fewer than one message may carry. Always
   * admissible and never over the outbox write queue: both are validated to hold a full message.
   */
  static int maxBatchEvents(GatewayConfig config) {
    int commit = Math.min(config.outbox().maxBatchRows(),
      Math.min(config.ingress().maxInFlight(), config.outbox().maxQueuedRows()));
    return Math.max(config.http().maxBatchItems(), commit);
  }

  /** How often sockets are checked for pings due and timeouts: a quarter of the shortest, at most a second. */
  long tickMillis() {
    long shortest = Math.min(idleNanos, Math.min(pingNanos, unreadAcksNanos)) / 4_000_000;
    return Math.max(25, Math.min(1000, shortest));
  }
}
