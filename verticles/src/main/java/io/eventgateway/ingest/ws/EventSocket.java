package io.eventgateway.ingest.ws;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.ingest.CloudEvent;
import io.eventgateway.ingest.IngestStatus;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.metrics.WebSocketMetrics;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.overload.AdmissionControl.Permit;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest WebSocket. Messages are read, parsed and queued in order; the queue goes to the durable path
 * one batch at a time (the messages read while the previous batch committed, up to an outbox commit's
 * rows), so a socket's events are committed in the order it sent them, and each message's ack is
 * written, in order, once all of its events are settled.
 *
 * <p>Flow control ({@link AckWindow}): the socket is read only while fewer than {@code websocket.window}
 * events are in flight, the gateway's ingress permits can be had, and the client reads its acks. Full
 * permits pause the socket and are asked again with a short backoff, instead of refusing events; a
 * client that leaves its acks unread for {@code websocket.unread-acks-timeout} is closed (1008). Refused
 * instead of paused, with the HTTP API's reasons and a {@code retry_after}: PostgreSQL down, the outbox
 * backlog over its high-water mark (both can last minutes; the client hears it at once), and events not
 * committed within {@code ingress.request-timeout} (outcome unknown; a retry is deduplicated).
 *
 * <p>Everything here runs on the socket's event loop.
 */
final class EventSocket {
  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
  private static final long PERMIT_PAUSE_MIN_MS = 5;
  private static final long PERMIT_PAUSE_MAX_MS = 200;
  /** How long a close handshake may take before the connection is dropped (a client may never read it). */
  private static final long CLOSE_GRACE_MS = 2000;

  /** Messages submitted together; answered at most once, by the commit or by the deadline. */
  private static final class Batch {
    final List<SocketMessage> messages;
    final int events;
    boolean answered;

    Batch(List<SocketMessage> messages, int events) {
      this.messages = messages;
      this.events = events;
    }
  }

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final Runnable dropConnection;
  private final SocketLimits limits;
  private final MessageReader reader;
  private final MessageAssembler assembler;
  private final AckWindow window;
  private final AdmissionControl admission;
  private final BatchIngest ingest;
  private final GatewayMetrics metrics;
  private final WebSocketMetrics socketMetrics;
  private final Promise<Void> closed = Promise.promise();
  private final ArrayDeque<SocketMessage> queued = new ArrayDeque<>();
  private Batch inFlight;
  private long messages;
  private boolean reading = true;
  private boolean draining;
  private CloseCode closeSent;
  private boolean gone;
  private long permitPauseMs;
  private long lastMessageNanos;
  private long lastHeardNanos;
  private long lastPingNanos;
  private long unreadSinceNanos;

  EventSocket(Vertx vertx, ServerWebSocket socket, Runnable dropConnection, SocketLimits limits, MessageReader reader,
              AdmissionControl admission, BatchIngest ingest, GatewayMetrics metrics, int maxMessageBytes) {
    this.vertx = vertx;
    this.socket = socket;
    this.dropConnection = dropConnection;
    this.limits = limits;
    this.reader = reader;
    this.assembler = new MessageAssembler(maxMessageBytes);
    this.window = new AckWindow(limits.window());
    this.admission = admission;
    this.ingest = ingest;
    this.metrics = metrics;
    this.socketMetrics = metrics.webSockets();
  }

  /** Starts reading; the returned future completes when the socket has closed, for whatever reason. */
  Future<Void> start() {
    if (socket.isClosed()) {
      // Gone between the handshake and here: nothing to read, nothing to count.
      gone = true;
      closed.complete();
      return closed.future();
    }
    long now = System.nanoTime();
    lastMessageNanos = now;
    lastHeardNanos = now;
    lastPingNanos = now;
    socketMetrics.opened();
    socket.setWriteQueueMaxSize(limits.writeQueueBytes());
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(this::onFailure);
    socket.drainHandler(v -> onWritable());
    socket.pongHandler(pong -> lastHeardNanos = System.nanoTime());
    socket.frameHandler(this::onFrame);
    return closed.future();
  }

  private void onFrame(WebSocketFrame frame) {
    lastHeardNanos = System.nanoTime();
    try {
      Buffer text = assembler.accept(frame);
      if (text == null || closeSent != null) {
        return;
      }
      lastMessageNanos = lastHeardNanos;
      socketMetrics.message();
      SocketMessage message = reader.read(++messages, text);
      window.received(message.eventCount());
      queued.add(message);
      pump();
      updateReading();
    } catch (SocketViolation violation) {
      close(violation.code(), violation.reason());
    } catch (RuntimeException bug) {
      LOG.error("WebSocket from {} failed unexpectedly; closing it", socket.remoteAddress(), bug);
      close(CloseCode.INTERNAL_ERROR, "internal error; it was logged");
    }
  }

  /** Submits the next batch if none is in flight; messages without an event to commit are acked in their turn. */
  private void pump() {
    while (inFlight == null && !queued.isEmpty() && !gone && !window.held(AckWindow.Hold.PERMITS)) {
      if (queued.peek().eventCount() == 0) {
        ack(queued.poll());
        continue;
      }
      List<SocketMessage> batch = nextBatch();
      List<CloudEvent> events = new ArrayList<>();
      batch.forEach(m -> events.addAll(m.events()));
      Permit permit;
      try {
        permit = admission.admit(events.size());
      } catch (GatewayException refused) {
        if (refused.code() == ErrorCode.OVERLOADED) {
          awaitPermits();
          return;
        }
        batch.forEach(m -> {
          queued.poll();
          m.refuseUnsettled(refused);
          ack(m);
        });
        window.settled(events.size());
        continue;
      }
      permitPauseMs = 0;
      batch.forEach(m -> queued.poll());
      submit(new Batch(batch, events.size()), events, permit);
    }
  }

  /** The queue's head messages that fit in one batch (always at least one), left in the queue. */
  private List<SocketMessage> nextBatch() {
    List<SocketMessage> batch = new ArrayList<>();
    int events = 0;
    for (Iterator<SocketMessage> it = queued.iterator(); it.hasNext(); ) {
      SocketMessage next = it.next();
      if (!batch.isEmpty() && events + next.eventCount() > limits.maxBatchEvents()) {
        break;
      }
      batch.add(next);
      events += next.eventCount();
    }
    return batch;
  }

  private void submit(Batch batch, List<CloudEvent> events, Permit permit) {
    inFlight = batch;
    long deadlineTimer = vertx.setTimer(limits.requestTimeoutMillis(), id -> answer(batch, Future.failedFuture(
      new GatewayException(ErrorCode.DEADLINE_EXCEEDED, "The event was not committed within "
        + limits.requestTimeoutMillis() + " ms; whether it will be is unknown. Retry: a retry is deduplicated"))));
    long deadlineNanos = System.nanoTime() + limits.requestTimeoutMillis() * 1_000_000;
    ingest.ingest(events, deadlineNanos).onComplete(result -> {
      // The permit comes back when the work ends, not at the deadline: until then the events occupy the gateway.
      permit.release();
      vertx.cancelTimer(deadlineTimer);
      inFlight = null;
      if (!batch.answered && result.failed() && result.cause() instanceof GatewayException e
          && e.code() == ErrorCode.OVERLOADED) {
        // The loop's outbox write queue was full: nothing was committed and the claims were released.
        for (int i = batch.messages.size() - 1; i >= 0; i--) {
          queued.addFirst(batch.messages.get(i));
        }
        awaitPermits();
        return;
      }
      answer(batch, result);
      window.settled(batch.events);
      pump();
      updateReading();
      closeIfDrained();
    });
  }

  /** Gives every message of the batch its outcome and writes the acks, once. */
  private void answer(Batch batch, AsyncResult<List<IngestStatus>> result) {
    if (batch.answered) {
      return;
    }
    batch.answered = true;
    if (result.failed()) {
      GatewayException problem = problemOf(result.cause());
      batch.messages.forEach(m -> m.refuseUnsettled(problem));
    } else {
      Iterator<IngestStatus> statuses = result.result().iterator();
      for (SocketMessage message : batch.messages) {
        for (SocketMessage.Item item : message.items) {
          if (item.event != null) {
            settle(item, statuses.next());
          }
        }
      }
    }
    batch.messages.forEach(this::ack);
  }

  private static void settle(SocketMessage.Item item, IngestStatus status) {
    if (status == IngestStatus.IN_PROGRESS) {
      item.problem = new GatewayException(ErrorCode.DUPLICATE_IN_PROGRESS, "The event is being committed by"
        + " another request and its outcome was not known by the deadline; retry to learn whether it was accepted");
    } else {
      item.status = status;
    }
  }

  private GatewayException problemOf(Throwable failure) {
    if (!(failure instanceof GatewayException)) {
      LOG.error("WebSocket events from {} failed unexpectedly", socket.remoteAddress(), failure);
    }
    return GatewayException.wrap(failure, ErrorCode.INTERNAL, "The events failed unexpectedly; it was logged");
  }

  /** Counts the message's outcomes and writes its ack, unless the socket is past writing. */
  private void ack(SocketMessage message) {
    if (message.refused != null) {
      count(null, message.refused);
    }
    for (SocketMessage.Item item : message.items) {
      count(item.status, item.problem);
    }
    if (gone || closeSent != null) {
      return;
    }
    socket.writeTextMessage(AckEncoder.encode(message));
    if (!socket.isClosed() && socket.writeQueueFull() && !window.held(AckWindow.Hold.UNREAD_ACKS)) {
      unreadSinceNanos = System.nanoTime();
      window.hold(AckWindow.Hold.UNREAD_ACKS, true);
      updateReading();
    }
  }

  private void count(IngestStatus status, GatewayException problem) {
    if (problem != null) {
      metrics.refused(problem.code(), 1);
      socketMetrics.rejected();
    } else if (status == IngestStatus.ACCEPTED) {
      metrics.accepted(1);
      socketMetrics.accepted();
    } else {
      metrics.duplicate(1);
      socketMetrics.duplicate();
    }
  }

  private void onWritable() {
    if (window.held(AckWindow.Hold.UNREAD_ACKS)) {
      window.hold(AckWindow.Hold.UNREAD_ACKS, false);
      updateReading();
    }
  }

  /** Stops reading until permits may be free again; the wait doubles while the gateway stays full. */
  private void awaitPermits() {
    permitPauseMs = permitPauseMs == 0 ? PERMIT_PAUSE_MIN_MS : Math.min(2 * permitPauseMs, PERMIT_PAUSE_MAX_MS);
    window.hold(AckWindow.Hold.PERMITS, true);
    updateReading();
    vertx.setTimer(permitPauseMs, id -> {
      window.hold(AckWindow.Hold.PERMITS, false);
      pump();
      updateReading();
      closeIfDrained();
    });
  }

  /** Pauses or resumes the socket when the window's verdict changed: a paused socket is not read at all. */
  private void updateReading() {
    boolean read = window.readable() && !gone;
    if (read == reading) {
      return;
    }
    reading = read;
    if (read) {
      // A client cannot answer pings we do not read: its silence while paused does not count.
      lastHeardNanos = System.nanoTime();
      socket.resume();
    } else {
      socket.pause();
    }
    socketMetrics.paused(!read);
  }

  /** Periodic: pings, and the idle, unanswered-ping and unread-acks timeouts. */
  void tick(long now) {
    if (closeSent != null || gone) {
      return;
    }
    if (window.held(AckWindow.Hold.UNREAD_ACKS) && now - unreadSinceNanos >= limits.unreadAcksNanos()) {
      close(CloseCode.POLICY_VIOLATION, "acks not read for " + limits.unreadAcksNanos() / 1_000_000 + " ms");
    } else if (reading && now - lastHeardNanos >= 2 * limits.pingNanos()) {
      close(CloseCode.GOING_AWAY, "no answer to pings");
    } else if (inFlight == null && queued.isEmpty() && now - lastMessageNanos >= limits.idleNanos()) {
      close(CloseCode.NORMAL, "idle for " + limits.idleNanos() / 1_000_000 + " ms");
    } else if (now - lastPingNanos >= limits.pingNanos()) {
      lastPingNanos = now;
      socket.writePing(Buffer.buffer());
    }
  }

  /**
   * Graceful shutdown: nothing more is read; the events already read are committed and acked, then the
   * socket is closed with 1001. Completes when it has closed.
   */
  Future<Void> drain() {
    draining = true;
    window.hold(AckWindow.Hold.CLOSING, true);
    updateReading();
    closeIfDrained();
    return closed.future();
  }

  private void closeIfDrained() {
    if (draining && inFlight == null && queued.isEmpty()) {
      close(CloseCode.GOING_AWAY, "the gateway is shutting down");
    }
  }

  /** Sends a close frame, and drops the connection if the close handshake has not finished within a grace. */
  void close(CloseCode code, String reason) {
    if (closeSent != null || gone) {
      return;
    }
    closeSent = code;
    window.hold(AckWindow.Hold.CLOSING, true);
    updateReading();
    LOG.debug("Closing WebSocket from {} with {}: {}", socket.remoteAddress(), code.code(), reason);
    socket.close(code.code(), reason);
    vertx.setTimer(CLOSE_GRACE_MS, id -> {
      if (!gone) {
        drop();
      }
    });
  }

  /**
   * Closes the connection at once. A close frame queued behind acks a client does not read would never be
   * sent, and Vert.x waits for it before closing: the TCP connection is closed under it instead.
   */
  void drop() {
    dropConnection.run();
  }

  private void onFailure(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupt) {
      // Netty's decoder refused a frame (over the size limit, broken framing) and discards the rest.
      CloseCode code = CloseCode.of(corrupt.closeStatus().code());
      close(code, new SocketViolation(code, String.valueOf(corrupt.getMessage())).reason());
    } else {
      LOG.debug("WebSocket from {} failed: {}", socket.remoteAddress(), failure.toString());
    }
  }

  private void onClosed() {
    gone = true;
    if (!reading) {
      socketMetrics.paused(false);
    }
    reading = false;
    socketMetrics.closed(closeSent != null ? closeSent.code() : clientCode(), closeSent != null);
    // Read but never submitted: no ack can reach the client, which must send them again (deduplicated).
    for (SocketMessage message : queued) {
      window.settled(message.eventCount());
    }
    queued.clear();
    closed.tryComplete();
  }

  private int clientCode() {
    Short code = socket.closeStatusCode();
    return code == null ? 1006 : code;
  }
}
