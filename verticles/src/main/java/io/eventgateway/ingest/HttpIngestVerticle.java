package io.eventgateway.ingest;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.dedup.RedisDeduplicator;
import io.eventgateway.health.Backends;
import io.eventgateway.ingest.http.InvalidRequestHandler;
import io.eventgateway.ingest.http.PathGuard;
import io.eventgateway.ingest.http.StrictRequestDecoder;
import io.eventgateway.ingest.ws.WebSocketIngest;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.outbox.EventStatusReader;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.outbox.OutboxWriter;
import io.eventgateway.outbox.Shards;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.stream.PublishWatch;
import io.eventgateway.stream.RelayHandoff;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.util.function.IntConsumer;

/**
 * One event loop's share of HTTP ingestion. Deployed once per event loop; each instance owns its HTTP
 * server (Vert.x spreads connections across instances on the same port), its outbox writer (so group
 * commit batches per loop, with no cross-thread hand-off), its pool slice and Redis client. The same
 * server takes WebSocket ingestion ({@code GET /events/ws}, see {@link WebSocketIngest}).
 */
public final class HttpIngestVerticle extends VerticleBase {
  /**
   * Connections for {@code GET /events/{source}/{id}}, shared by every ingest loop: single-row index reads
   * need few, and a pool apart from the commits' means status polling can never delay a commit.
   */
  private static final int STATUS_POOL_SIZE = 2;

  private final GatewayConfig config;
  private final RelayHandoff relay;
  private final Backends backends;
  private final AdmissionControl admission;
  private final GatewayMetrics metrics;
  private final PublishWatch publishWatch;
  private final IntConsumer boundPort;
  private Pool pool;
  private Pool statusPool;
  private Redis redis;
  private HttpServer server;
  private WebSocketIngest webSockets;

  public HttpIngestVerticle(GatewayConfig config, RelayHandoff relay, Backends backends, AdmissionControl admission,
                            GatewayMetrics metrics, PublishWatch publishWatch, IntConsumer boundPort) {
    this.config = config;
    this.relay = relay;
    this.backends = backends;
    this.admission = admission;
    this.metrics = metrics;
    this.publishWatch = publishWatch;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    int instances = config.http().effectiveInstances();
    pool = OutboxDatabase.pool(vertx, config.pg(), Math.max(2, config.pg().poolSize() / instances), "ingest");
    int redisConnections = Math.max(1, config.redis().poolSize() / instances);
    redis = Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(config.redis().uri())
      .setMaxPoolSize(redisConnections)
      .setMaxPoolWaiting(1024));
    RedisDeduplicator dedup = new RedisDeduplicator(redis, config.dedup(), config.redis().timeout(),
      redisConnections, backends.redis());
    OutboxWriter writer = new OutboxWriter(pool, new Shards(config.relay().shards()), config.outbox(),
      config.pg().queryTimeout(), backends.postgres(),
      metrics::outboxFlushed, relay::submit);
    IngestService service = new IngestService(dedup, writer, new TopicRouter(config.routing()));
    statusPool = OutboxDatabase.sharedPool(vertx, config.pg(), STATUS_POOL_SIZE, "event-status");
    EventStatusRoute eventStatus = new EventStatusRoute(new EventStatusReader(statusPool, config.pg().queryTimeout()),
      backends.postgres());
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.http().host())
      .setPort(config.http().port())
      .setIdleTimeout(60)
      .setCompressionSupported(false)
      .setMaxInitialLineLength(config.http().maxInitialLineLength())
      .setMaxHeaderSize(config.http().maxHeaderSize())
      // HTTP/1.1 only: cleartext HTTP/2 would bypass the request decoder's guards, and its protocol
      // sniffing holds a connection's first bytes before any guard is in place.
      .setHttp2ClearTextEnabled(false);
    if (config.websocket().enabled()) {
      WebSocketIngest.configure(options, config.websocket());
      webSockets = new WebSocketIngest(vertx, config, service, admission, metrics);
    }
    return vertx.createHttpServer(options)
      .connectionHandler(connection -> {
        if (admission.connections().admit(connection)) {
          StrictRequestDecoder.install(connection, options, config.http().headerTimeout());
        }
      })
      .invalidRequestHandler(new InvalidRequestHandler(config.http(), metrics))
      .requestHandler(new PathGuard(withWebSockets(
        new IngestRoutes(service, config.http(), config.ingress(), admission, metrics, eventStatus, publishWatch)
          .router(vertx)),
        metrics))
      .listen()
      .onSuccess(s -> {
        server = s;
        boundPort.accept(s.actualPort());
      });
  }

  /** {@code GET /events/ws} upgrades go to the WebSocket ingestion, when enabled; every other request to HTTP. */
  private Handler<HttpServerRequest> withWebSockets(Handler<HttpServerRequest> http) {
    return webSockets == null ? http : webSockets.before(http);
  }

  @Override
  public Future<?> stop() {
    // Sockets first: their events already read are committed and acked before the server goes.
    Future<Void> drained = webSockets == null ? Future.succeededFuture() : webSockets.drain();
    Future<Void> closeServer = drained.eventually(() -> server == null ? Future.succeededFuture() : server.close());
    return closeServer.eventually(() -> Future.join(pool.close(), statusPool.close(), redis.close()));
  }
}
