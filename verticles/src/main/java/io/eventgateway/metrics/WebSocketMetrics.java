package io.eventgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of WebSocket ingestion. Events are also counted in {@code eventgateway.events}, like HTTP's;
 * these say how the sockets themselves fare. Updated from every ingest event loop: atomics and counters.
 */
public final class WebSocketMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger paused = new AtomicInteger();
  private final Counter messages;
  private final Counter accepted;
  private final Counter duplicate;
  private final Counter rejected;

  WebSocketMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("eventgateway.websocket.connections.open", open, AtomicInteger::get)
      .description("Open ingest WebSockets").register(registry);
    Gauge.builder("eventgateway.websocket.connections.paused", paused, AtomicInteger::get)
      .description("Open ingest WebSockets the gateway is not reading from (window or permits full, acks unread,"
        + " closing)").register(registry);
    this.messages = Counter.builder("eventgateway.websocket.messages")
      .description("Text messages read from ingest WebSockets").register(registry);
    this.accepted = ack("accepted");
    this.duplicate = ack("duplicate");
    this.rejected = ack("rejected");
  }

  private Counter ack(String status) {
    return Counter.builder("eventgateway.websocket.acks")
      .description("Per-event acks decided for WebSocket clients, by status").tag("status", status).register(registry);
  }

  public void opened() {
    open.incrementAndGet();
  }

  /**
   * A socket closed, with the code of its close frame: sent by the gateway ({@code initiator="server"}),
   * or by the client (1006 when the connection just dropped). Registered on first use (off the hot path).
   */
  public void closed(int code, boolean byServer) {
    open.decrementAndGet();
    Counter.builder("eventgateway.websocket.closes")
      .description("Closed ingest WebSockets, by close code and which side closed")
      .tag("code", Integer.toString(code)).tag("initiator", byServer ? "server" : "client")
      .register(registry).increment();
  }

  /** The gateway stopped ({@code true}) or resumed ({@code false}) reading from a socket. */
  public void paused(boolean stopped) {
    if (stopped) {
      paused.incrementAndGet();
    } else {
      paused.decrementAndGet();
    }
  }

  public void message() {
    messages.increment();
  }

  public void accepted() {
    accepted.increment();
  }

  public void duplicate() {
    duplicate.increment();
  }

  public void rejected() {
    rejected.increment();
  }

  public int open() {
    return open.get();
  }

  public int paused() {
    return paused.get();
  }
}
