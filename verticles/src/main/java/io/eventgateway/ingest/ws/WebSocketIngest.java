package io.eventgateway.ingest.ws;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.config.GatewayConfig.HttpConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.ingest.IngestService;
import io.eventgateway.ingest.JsonBodyReader;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.overload.AdmissionControl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's WebSocket ingestion: upgrades {@code GET /events/ws} on the ingest port, offering the
 * CloudEvents WebSocket subprotocol {@code cloudevents.json} (a client that asks for none is served the
 * same), and keeps that loop's sockets: one timer checks them all for pings and timeouts, and
 * {@link #drain()} shuts them down gracefully.
 *
 * <p>The upgrade is taken from the ingest server's request handler, behind the same connection limit,
 * request decoder and path guard as every HTTP request; any other request goes on to the HTTP routes.
 *
 * <pre>{@code
 * WebSocketIngest webSockets = new WebSocketIngest(vertx, config, service, admission, metrics);
 * server.requestHandler(new PathGuard(webSockets.before(router), metrics));
 * // in stop(): webSockets.drain().eventually(server::close)
 * }</pre>
 */
public final class WebSocketIngest {
  public static final String PATH = "/events/ws";
  /** The CloudEvents WebSocket protocol binding's subprotocol for structured JSON events. */
  public static final String SUBPROTOCOL = "cloudevents.json";
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketIngest.class);

  private final Vertx vertx;
  private final SocketLimits limits;
  private final int maxMessageBytes;
  private final MessageReader reader;
  private final AdmissionControl admission;
  private final BatchIngest ingest;
  private final GatewayMetrics metrics;
  private final Set<EventSocket> sockets = new LinkedHashSet<>();
  private final long ticker;
  private boolean draining;

  public WebSocketIngest(Vertx vertx, GatewayConfig config, IngestService service, AdmissionControl admission,
                         GatewayMetrics metrics) {
    HttpConfig http = config.http();
    this.vertx = vertx;
    this.limits = SocketLimits.of(config);
    this.maxMessageBytes = config.websocket().maxMessageBytes();
    this.reader = new MessageReader(new JsonBodyReader(http.maxJsonDepth(), http.maxNumberLength(),
      http.maxStringLength()), http.maxBatchItems());
    this.admission = admission;
    this.ingest = new BatchIngest(vertx, service);
    this.metrics = metrics;
    this.ticker = vertx.setPeriodic(limits.tickMillis(), id -> tick());
  }

  /** The ingest server's WebSocket settings. */
  public static HttpServerOptions configure(HttpServerOptions options, GatewayConfig.WebSocketConfig ws) {
    return options
      .setWebSocketSubProtocols(List.of(SUBPROTOCOL))
      // A frame may be as large as a message: clients rarely fragment. Netty refuses a larger frame from its
      // header, before reading its payload.
      .setMaxWebSocketFrameSize(ws.maxMessageBytes())
      .setMaxWebSocketMessageSize(ws.maxMessageBytes())
      // Inflating is not bounded by the frame limit: a small compressed frame could expand without limit.
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
  }

  /** Takes WebSocket upgrades of {@link #PATH}; hands every other request to {@code next}. */
  public Handler<HttpServerRequest> before(Handler<HttpServerRequest> next) {
    return request -> {
      if (!PATH.equals(request.path()) || request.method() != HttpMethod.GET) {
        next.handle(request);
      } else if (!request.canUpgradeToWebSocket()) {
        GatewayException problem = new GatewayException(ErrorCode.BAD_REQUEST, "GET " + PATH + " opens a WebSocket"
          + " (RFC 6455): send 'Connection: Upgrade' and 'Upgrade: websocket', optionally with"
          + " 'Sec-WebSocket-Protocol: " + SUBPROTOCOL + "'");
        metrics.refused(problem.code(), 1);
        ProblemResponder.respondUndecodable(request, problem);
      } else {
        HttpConnection connection = request.connection();
        request.toWebSocket()
          .onSuccess(webSocket -> open(webSocket, connection))
          .onFailure(e -> LOG.debug("WebSocket handshake with {} failed: {}", request.remoteAddress(), e.toString()));
      }
    };
  }

  private void open(ServerWebSocket webSocket, HttpConnection connection) {
    EventSocket socket = new EventSocket(vertx, webSocket, () -> drop(connection), limits, reader, admission, ingest,
      metrics, maxMessageBytes);
    sockets.add(socket);
    socket.start().onComplete(closed -> sockets.remove(socket));
    if (draining) {
      socket.drain();
    }
  }

  /**
   * Closes the TCP connection under a socket at once. The WebSocket API only closes once its close frame
   * was written, which a client that reads nothing prevents, and so does a plain {@code channel.close()}:
   * Vert.x's handler at the pipeline's end turns it into that same graceful close. The close is therefore
   * started below that handler, at the pipeline's first one. Uses the same Vert.x internal as
   * {@code StrictRequestDecoder} ({@code ConnectionBase#channel()}); without it, a normal close.
   */
  private static void drop(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && base.channel().pipeline().firstContext() != null) {
      base.channel().pipeline().firstContext().close();
    } else {
      connection.close();
    }
  }

  private void tick() {
    long now = System.nanoTime();
    // A copy: a tick may close a socket, which leaves the set.
    for (EventSocket socket : new ArrayList<>(sockets)) {
      socket.tick(now);
    }
  }

  /**
   * Graceful shutdown of this loop's sockets: none is read any more, the events already read are committed
   * and acked, and each socket is closed with 1001. Sockets still open after twice the request timeout are
   * dropped. Call it before the server closes.
   */
  public Future<Void> drain() {
    draining = true;
    List<Future<Void>> closed = new ArrayList<>();
    for (EventSocket socket : new ArrayList<>(sockets)) {
      closed.add(socket.drain());
    }
    return Future.join(closed)
      .timeout(2 * limits.requestTimeoutMillis(), TimeUnit.MILLISECONDS)
      .<Void>mapEmpty()
      .recover(late -> {
        LOG.warn("{} WebSocket(s) still open at shutdown; dropping them", sockets.size());
        new ArrayList<>(sockets).forEach(EventSocket::drop);
        return Future.succeededFuture();
      })
      .onComplete(done -> vertx.cancelTimer(ticker));
  }
}
