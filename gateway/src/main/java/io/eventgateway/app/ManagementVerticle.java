package io.eventgateway.app;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.outbox.OutboxDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Health on the management port, apart from ingestion so probes keep answering under load.
 * {@code /health/live}: the process serves. {@code /health/ready}: PostgreSQL (where 2xx come from) is
 * reachable; the dedup mode is reported but does not make the gateway unready, because PostgreSQL-only
 * dedup keeps every guarantee.
 */
public final class ManagementVerticle extends VerticleBase {
  private static final long CHECK_TIMEOUT_MS = 2000;

  private final GatewayConfig config;
  private final AtomicBoolean redisDegraded;
  private final IntConsumer boundPort;
  private Pool pool;

  public ManagementVerticle(GatewayConfig config, AtomicBoolean redisDegraded, IntConsumer boundPort) {
    this.config = config;
    this.redisDegraded = redisDegraded;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    pool = OutboxDatabase.pool(vertx, config.pg(), 1, "health");
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
      .register("postgresql", CHECK_TIMEOUT_MS, this::checkPostgres)
      .register("dedup", CHECK_TIMEOUT_MS, this::reportDedupMode);
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(ready));
    return vertx.createHttpServer()
      .requestHandler(router)
      .listen(config.management().port(), config.management().host())
      .onSuccess(server -> boundPort.accept(server.actualPort()));
  }

  private void checkPostgres(Promise<Status> promise) {
    pool.query("SELECT 1").execute()
      .onSuccess(rows -> promise.tryComplete(Status.OK()))
      .onFailure(e -> promise.tryComplete(Status.KO(new JsonObject().put("error", e.toString()))));
  }

  private void reportDedupMode(Promise<Status> promise) {
    String mode = redisDegraded.get() ? "postgresql-only" : "redis";
    promise.complete(Status.OK(new JsonObject().put("mode", mode)));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
