package io.eventgateway.app;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.health.Backends;
import io.eventgateway.health.ProbeVerticle;
import io.eventgateway.ingest.HttpIngestVerticle;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.outbox.OutboxBacklog;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.outbox.RetentionVerticle;
import io.eventgateway.outbox.SchemaMigrator;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.overload.ConnectionLimit;
import io.eventgateway.overload.IngressPermits;
import io.eventgateway.stream.KafkaRelay;
import io.eventgateway.stream.PublishWatch;
import io.eventgateway.stream.PublishWatchPoller;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: wires and deploys the verticles in dependency order (schema, probes, relay, ingest,
 * management) on its own Vert.x instance, and undeploys them in reverse. The verticles know nothing of
 * each other's deployment; everything they share (backend status, backlog, permits, meters) is created
 * here and passed in.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private final AtomicInteger httpPort = new AtomicInteger();
  private final AtomicInteger managementPort = new AtomicInteger();
  private final GatewayConfig config;
  private final PrometheusMeterRegistry registry;
  private final GatewayMetrics metrics;
  private final Backends backends = Backends.create();
  private final OutboxBacklog backlog;
  private final AdmissionControl admission;

  private Gateway(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.metrics = new GatewayMetrics(registry);
    this.backlog = new OutboxBacklog(config.outbox().highWaterRows(), config.outbox().lowWaterRows(),
      config.outbox().highWaterAge());
    this.admission = new AdmissionControl(new ConnectionLimit(config.http().maxConnections()),
      new IngressPermits(config.ingress().maxInFlight()), backlog, backends.postgres());
    metrics.bindState(admission, backlog, backends);
  }

  /** Starts a gateway on a new Vert.x instance; on failure everything started so far is closed again. */
  public static Future<Gateway> start(GatewayConfig config) {
    // One registry per gateway (not Micrometer's global one), so gateways in one JVM keep apart.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    Vertx vertx = config.management().vertxMetrics()
      ? Vertx.builder().with(options.setMetricsOptions(vertxMetrics())).withMetrics(new MicrometerMetricsFactory(registry))
        .build()
      : Vertx.vertx(options);
    Gateway gateway = new Gateway(vertx, config, registry);
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

  /** Vert.x's own meters worth scraping: HTTP server, client connections, pools, JVM. */
  private static MicrometerMetricsOptions vertxMetrics() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .addLabels(Label.HTTP_ROUTE)
      .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
      .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
      .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
      .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
      .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
  }

  private Future<Void> deployAll() {
    int instances = config.http().effectiveInstances();
    PublishWatch publishWatch = new PublishWatch(config.ingress().maxAckWaiters());
    metrics.bindPublishWatch(publishWatch::waiting);
    KafkaRelay relay = new KafkaRelay(config, metrics, publishWatch);
    return migrateSchema()
      .compose(v -> deploy(vertx.deployVerticle(new ProbeVerticle(config, backends, backlog))))
      .compose(v -> deploy(vertx.deployVerticle(relay)))
      .compose(v -> deploy(vertx.deployVerticle(new PublishWatchPoller(publishWatch, config.pg()))))
      .compose(v -> deploy(vertx.deployVerticle(
        () -> new HttpIngestVerticle(config, relay, backends, admission, metrics, publishWatch, httpPort::set),
        new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP))))
      .compose(v -> deploy(vertx.deployVerticle(new RetentionVerticle(config, backends.postgres(), metrics))))
      .compose(v -> deploy(vertx.deployVerticle(
        new ManagementVerticle(config, backends, backlog, admission.permits(), registry, managementPort::set))))
      .onSuccess(v -> LOG.info("Event Gateway ready: HTTP on port {} ({} event loop(s), {} transport), management on port {}",
        httpPort.get(), instances, vertx.isNativeTransportEnabled() ? "epoll" : "NIO", managementPort.get()));
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

  /** The shared state tests and tools may observe (permits in use, backlog, backend status). */
  public AdmissionControl admission() {
    return admission;
  }

  public Backends backends() {
    return backends;
  }

  public OutboxBacklog backlog() {
    return backlog;
  }
}
