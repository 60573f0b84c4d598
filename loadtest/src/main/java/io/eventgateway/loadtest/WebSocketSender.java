package io.eventgateway.loadtest;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Text messages over {@code sockets} WebSockets to {@code /events/ws} (subprotocol {@code cloudevents.json}),
 * spread round-robin. The gateway acks each message once all its events are settled, in the order the
 * socket sent them, so each socket matches acks to its messages first in, first out.
 *
 * <p>Open model, as far as a socket allows: a message is written at its intended time whatever happened to
 * the earlier ones. When the gateway stops reading a socket (its window or the ingress permits are full),
 * the message waits in this client's write queue, and its latency, counted from the intended time,
 * includes the wait. A socket that closes, or whose oldest message has no ack after a minute, fails its
 * messages in flight as unknown and is opened again.
 */
final class WebSocketSender implements RequestSender {
  private static final long ACK_TIMEOUT_NANOS = 60_000_000_000L;
  private static final int MAX_ACK_BYTES = 64 * 1_048_576;

  private record Pending(RequestBody request, Promise<Answer> answer, long sentNanos) {
  }

  private final class Socket {
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private WebSocket webSocket;

    Future<Void> open() {
      return client.connect(new WebSocketConnectOptions().setHost(target.getHost()).setPort(target.getPort())
          .setURI("/events/ws").addSubProtocol("cloudevents.json").setTimeout(10_000))
        .onSuccess(ws -> {
          webSocket = ws;
          ws.textMessageHandler(this::acked);
          ws.closeHandler(v -> closed());
        })
        .mapEmpty();
    }

    boolean usable() {
      return webSocket != null && !webSocket.isClosed();
    }

    Future<Answer> send(RequestBody request) {
      Promise<Answer> answer = Promise.promise();
      pending.add(new Pending(request, answer, System.nanoTime()));
      webSocket.writeTextMessage(request.body().toString(StandardCharsets.UTF_8));
      return answer.future();
    }

    private void acked(String text) {
      Pending message = pending.poll();
      if (message != null) {
        message.answer().complete(answer(message.request(), text));
      }
    }

    private void closed() {
      webSocket = null;
      for (Pending message = pending.poll(); message != null; message = pending.poll()) {
        message.answer().complete(Answer.UNKNOWN);
      }
      if (!stopped) {
        vertx.setTimer(500, id -> open().onFailure(e -> vertx.setTimer(1000, again -> closed())));
      }
    }

    void checkTimeout(long now) {
      Pending oldest = pending.peek();
      if (oldest != null && now - oldest.sentNanos() > ACK_TIMEOUT_NANOS && webSocket != null) {
        webSocket.close();
      }
    }
  }

  private final Vertx vertx;
  private final URI target;
  private final WebSocketClient client;
  private final List<Socket> sockets = new ArrayList<>();
  private int next;
  private boolean stopped;

  WebSocketSender(Vertx vertx, URI target, int sockets) {
    this.vertx = vertx;
    this.target = target;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets)
      .setMaxFrameSize(MAX_ACK_BYTES).setMaxMessageSize(MAX_ACK_BYTES).setConnectTimeout(5000));
    for (int i = 0; i < sockets; i++) {
      this.sockets.add(new Socket());
    }
  }

  @Override
  public Future<Void> start() {
    vertx.setPeriodic(1000, id -> {
      if (stopped) {
        vertx.cancelTimer(id);
      } else {
        long now = System.nanoTime();
        sockets.forEach(s -> s.checkTimeout(now));
      }
    });
    return Future.all(sockets.stream().map(Socket::open).toList()).mapEmpty();
  }

  @Override
  public Future<Answer> send(RequestBody request) {
    for (int tried = 0; tried < sockets.size(); tried++) {
      Socket socket = sockets.get(next);
      next = (next + 1) % sockets.size();
      if (socket.usable()) {
        return socket.send(request);
      }
    }
    return Future.succeededFuture(Answer.UNKNOWN);
  }

  void stop() {
    stopped = true;
    sockets.forEach(s -> {
      if (s.webSocket != null) {
        s.webSocket.close();
      }
    });
  }

  /** The outcome from the message's ack, and the events it acknowledged (accepted or duplicate). */
  static Answer answer(RequestBody request, String text) {
    List<JsonObject> acks = new ArrayList<>();
    if (text.startsWith("[")) {
      new JsonArray(text).forEach(a -> acks.add((JsonObject) a));
    } else {
      acks.add(new JsonObject(text));
    }
    // A message refused whole (not JSON, too many events) is acked by one object naming it, without an index.
    boolean refusedWhole = acks.size() == 1 && acks.get(0).containsKey("message") && !acks.get(0).containsKey("index");
    List<Integer> acknowledged = new ArrayList<>();
    for (int i = 0; i < acks.size() && !refusedWhole; i++) {
      String status = acks.get(i).getString("status");
      if ("accepted".equals(status) || "duplicate".equals(status)) {
        acknowledged.add(i);
      }
    }
    return new Answer(Outcome.ofAcks(acks), acknowledged);
  }
}
