package io.eventgateway.app;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.ingest.HttpIngestVerticle;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.outbox.SchemaMigrator;
import io.eventgateway.stream.KafkaRelay;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: wires and deploys the verticles in dependency order (schema, relay, ingest,
 * management) on its own Vert.x instance, and undeploys them in reverse. The verticles know nothing of
 * each other's deployment; everything they share is passed in here.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private final AtomicInteger httpPort = new AtomicInteger();
  private final AtomicInteger managementPort = new AtomicInteger();
  private final AtomicBoolean redisDegraded = new AtomicBoolean();
  private final GatewayConfig config;
  private KafkaRelay relay;

  private Gateway(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Starts a gateway on a new Vert.x instance; on failure everything started so far is closed again. */
  public static Future<Gateway> start(GatewayConfig config) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Gateway gateway = new Gateway(vertx, config);
    LOG.info("Starting Event Gateway: {}", config.describe());
    return gateway.deployAll()
      .map(gateway)
      .recover(failure -> {
        LOG.error("Event Gateway failed to start: {}", failure.toString(), failure);
        // Closed in the background: waiting for close() here would wait on the loops being closed.
        vertx.close();
        return Future.failedFuture(failure);
      });
  }

  private Future<Void> deployAll() {
    int instances = config.http().effectiveInstances();
    relay = new KafkaRelay(config);
    return migrateSchema()
      .compose(v -> deploy(vertx.deployVerticle(relay)))
      .compose(v -> deploy(vertx.deployVerticle(
        () -> new HttpIngestVerticle(config, relay, redisDegraded, (rows, nanos, ok) -> { },
          httpPort::set),
        new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP))))
      .compose(v -> deploy(vertx.deployVerticle(new ManagementVerticle(config, redisDegraded, managementPort::set))))
      .onSuccess(v -> LOG.info("Event Gateway ready: HTTP on port {} ({} event loop(s)), management on port {}",
        httpPort.get(), instances, managementPort.get()));
  }

  private Future<Void> migrateSchema() {
    Pool pool = OutboxDatabase.pool(vertx, config.pg(), 1, "schema");
    return SchemaMigrator.apply(pool)
      .eventually(pool::close)
      .onFailure(e -> LOG.error("Cannot apply the outbox schema at {}: {}", GatewayConfig.mask(config.pg().uri()),
        e.toString()));
  }

  private Future<Void> deploy(Future<String> deployment) {
    return deployment.onSuccess(deployments::add).mapEmpty();
  }

  /** Stops ingestion first (no new commits), then the relay, then management; closes Vert.x. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    List<String> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    for (String id : reversed) {
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return chain.eventually(vertx::close);
  }

  public int httpPort() {
    return httpPort.get();
  }

  public int managementPort() {
    return managementPort.get();
  }

  public Vertx vertx() {
    return vertx;
  }
}
