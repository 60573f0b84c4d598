package io.eventgateway.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of the gateway on the JDK's {@code java.net.http.WebSocket}, as a Java user would
 * write one: sends text messages back to back without waiting for acks, and collects the acks in order.
 */
final class WsClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final WebSocket socket;
  private CompletableFuture<WebSocket> lastSend;

  private WsClient(int port, String... subprotocols) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (subprotocols.length > 0) {
      builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    this.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/events/ws"), new Listener()).join();
    this.lastSend = CompletableFuture.completedFuture(socket);
  }

  static WsClient connect(int port, String... subprotocols) {
    return new WsClient(port, subprotocols);
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Queues a text message; the JDK allows one send at a time, so sends are chained, never awaited here. */
  synchronized WsClient send(String text) {
    lastSend = lastSend.thenCompose(ws -> ws.sendText(text, true));
    return this;
  }

  synchronized WsClient sendBinary(byte[] bytes) {
    lastSend = lastSend.thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(bytes), true));
    return this;
  }

  /** The next ack (an object, or an array for an array message). */
  Object next(Duration timeout) {
    try {
      String text = acks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("no ack within " + timeout + (closeCode.isDone() ? "; closed " + closeCode.join() : ""));
      }
      return text.startsWith("[") ? new JsonArray(text) : new JsonObject(text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonObject nextObject(Duration timeout) {
    return (JsonObject) next(timeout);
  }

  JsonArray nextArray(Duration timeout) {
    return (JsonArray) next(timeout);
  }

  /** The next {@code n} acks, flattened to one object per event, in the order they came. */
  List<JsonObject> events(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonObject> events = new ArrayList<>(n);
    while (events.size() < n) {
      Object ack = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (ack instanceof JsonArray array) {
        array.forEach(a -> events.add((JsonObject) a));
      } else {
        events.add((JsonObject) ack);
      }
    }
    return events;
  }

  /** The code of the close frame the server sent, or 1006 if the connection dropped without one. */
  int awaitClose(Duration timeout) {
    try {
      return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("not closed within " + timeout, e);
    }
  }

  boolean isClosed() {
    return closeCode.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        acks.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.complete(1006);
    }
  }
}
