package io.eventgateway.app;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.health.Backends;
import io.eventgateway.outbox.DeadLetters;
import io.eventgateway.outbox.OutboxBacklog;
import io.eventgateway.outbox.OutboxCensus;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.overload.IngressPermits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.function.IntConsumer;

/**
 * Health and metrics on the management port, apart from ingestion so probes keep answering under load.
 * Every health and metrics answer comes from memory (the probes keep the state current), never from a
 * backend call.
 * <ul>
 *   <li>{@code /health/live}: the process serves.</li>
 *   <li>{@code /health/ready}: events can be committed: PostgreSQL answers and the outbox backlog is under
 *       its high-water mark. Redis down (PostgreSQL-only dedup) and Kafka down (the outbox absorbs) keep
 *       the gateway ready; both are reported in the details.</li>
 *   <li>{@code /metrics}: Prometheus text format.</li>
 * </ul>
 * The outbox's operator API ({@link OutboxAdminRoutes}) shares the port; it does read PostgreSQL, through
 * a small pool of its own, so a slow database never delays a health check.
 */
public final class ManagementVerticle extends VerticleBase {
  /** Operator requests are few; two connections let a status read pass a long replay. */
  private static final int ADMIN_POOL_SIZE = 2;

  private final GatewayConfig config;
  private final Backends backends;
  private final OutboxBacklog backlog;
  private final IngressPermits permits;
  private final PrometheusMeterRegistry registry;
  private final IntConsumer boundPort;
  private Pool pool;

  public ManagementVerticle(GatewayConfig config, Backends backends, OutboxBacklog backlog, IngressPermits permits,
                            PrometheusMeterRegistry registry, IntConsumer boundPort) {
    this.config = config;
    this.backends = backends;
    this.backlog = backlog;
    this.permits = permits;
    this.registry = registry;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
      .register("postgresql", promise -> promise.complete(status(backends.postgres(), true)))
      .register("redis", promise -> promise.complete(status(backends.redis(), false)
        .setData(backends.redis().toJson().put("dedup-mode", backends.dedupMode()))))
      .register("kafka", promise -> promise.complete(status(backends.kafka(), false)))
      .register("outbox", promise -> promise.complete(outboxStatus()))
      .register("ingress", promise -> promise.complete(Status.OK(new JsonObject()
        .put("permits-in-use", permits.inUse()).put("permits-max", permits.max()))));
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    pool = OutboxDatabase.pool(vertx, config.pg(), ADMIN_POOL_SIZE, "management");
    new OutboxAdminRoutes(new OutboxCensus(pool, config.relay().shards(), config.pg().queryTimeout()),
      new DeadLetters(pool, config.pg().queryTimeout()), backends.postgres()).mount(router);
    // No h2c upgrade: probes and Prometheus speak HTTP/1.1, and a large scrape answered on an upgraded
    // connection reached clients garbled (or never completed).
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .requestHandler(router)
      .listen(config.management().port(), config.management().host())
      .onSuccess(server -> boundPort.accept(server.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** A backend the gateway cannot work without is KO when down; the others are reported, still OK. */
  private static Status status(BackendStatus backend, boolean required) {
    JsonObject data = backend.toJson();
    return backend.up() || !required ? Status.OK(data) : Status.KO(data);
  }

  private Status outboxStatus() {
    JsonObject data = new JsonObject()
      .put("unpublished", backlog.depth())
      .put("oldest-age-seconds", Math.round(backlog.oldestAgeSeconds()))
      .put("shedding", backlog.shedding());
    if (backlog.shedding()) {
      data.put("reason", backlog.reason());
      return Status.KO(data);
    }
    return Status.OK(data);
  }
}
