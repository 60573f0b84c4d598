package io.eventgateway.health;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.outbox.OutboxBacklog;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.outbox.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Keeps {@link Backends} and {@link OutboxBacklog} current while no request tells: every probe interval
 * it pings PostgreSQL, Redis and Kafka (each bounded by the probe timeout) and measures the backlog. It
 * is what brings a backend back after ingestion stopped using it (PostgreSQL fail-fast, Redis degraded
 * mode), and what readiness and the metrics read, so probes answer from memory, never from a backend.
 */
public final class ProbeVerticle extends VerticleBase {
  /**
   * Kafka counts as down only after this many failed probes in a row: the admin client's first call
   * (bootstrap, metadata) can outlast one probe timeout on a busy machine, and Kafka's state changes
   * nothing for clients (the outbox absorbs), so a false alarm would only mislead operators.
   */
  private static final int KAFKA_FAILURES_TO_DOWN = 3;

  private final GatewayConfig config;
  private final Backends backends;
  private final OutboxBacklog backlog;
  private Pool pool;
  private Redis redis;
  private Admin kafka;
  private long timer;
  private long lastBacklogCheck;
  private boolean probing;
  private int kafkaFailures;

  public ProbeVerticle(GatewayConfig config, Backends backends, OutboxBacklog backlog) {
    this.config = config;
    this.backends = backends;
    this.backlog = backlog;
  }

  @Override
  public Future<?> start() {
    pool = OutboxDatabase.pool(vertx, config.pg(), 1, "probe");
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().uri()).setMaxPoolSize(1));
    // Admin.create resolves the bootstrap addresses, which may block on DNS: not on the event loop.
    return vertx.executeBlocking(() -> Admin.create(Map.of(
        "bootstrap.servers", config.kafka().bootstrapServers(),
        "client.id", "event-gateway-probe")))
      .compose(admin -> {
        kafka = admin;
        timer = vertx.setPeriodic(config.management().probeInterval().toMillis(), id -> probeAll());
        return probeAll();
      });
  }

  /** One round; a round still running (a backend slower than the interval) is not overlapped. */
  private Future<Void> probeAll() {
    if (probing) {
      return Future.succeededFuture();
    }
    probing = true;
    return Future.join(probePostgres(), probeRedis(), probeKafka(), checkBacklog())
      .<Void>mapEmpty()
      .recover(ignored -> Future.succeededFuture())
      .onComplete(done -> probing = false);
  }

  private Future<Void> probePostgres() {
    return bounded(pool.query("SELECT 1").execute())
      .onSuccess(rows -> backends.postgres().markUp())
      .onFailure(e -> {
        if (PgFailures.unavailable(e)) {
          backends.postgres().markDown(e);
        }
      })
      .mapEmpty();
  }

  private Future<Void> probeRedis() {
    return bounded(redis.send(Request.cmd(Command.PING)))
      .onSuccess(pong -> backends.redis().markUp())
      .onFailure(backends.redis()::markDown)
      .mapEmpty();
  }

  private Future<Void> probeKafka() {
    int timeout = (int) config.management().probeTimeout().toMillis();
    var nodes = kafka.describeCluster(new DescribeClusterOptions().timeoutMs(timeout)).nodes().toCompletionStage();
    return bounded(Future.fromCompletionStage(nodes, context))
      .compose(list -> list.isEmpty()
        ? Future.failedFuture(new IllegalStateException("no broker in the cluster metadata"))
        : Future.succeededFuture(list))
      .onSuccess(list -> {
        kafkaFailures = 0;
        backends.kafka().markUp();
      })
      .onFailure(e -> {
        if (++kafkaFailures >= KAFKA_FAILURES_TO_DOWN) {
          backends.kafka().markDown(e);
        }
      })
      .mapEmpty();
  }

  /** The backlog is measured at its own interval (it reads an index, not just a ping). */
  private Future<Void> checkBacklog() {
    long now = System.nanoTime();
    if (now - lastBacklogCheck < TimeUnit.MILLISECONDS.toNanos(config.outbox().backlogCheckInterval().toMillis())
        || !backends.postgres().up()) {
      return Future.succeededFuture();
    }
    lastBacklogCheck = now;
    return backlog.check(pool, config.relay().shards(), config.management().probeTimeout().multipliedBy(2));
  }

  private <T> Future<T> bounded(Future<T> call) {
    return call.timeout(config.management().probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    Admin admin = kafka;
    return Future.join(pool.close(), redis.close(),
      vertx.executeBlocking(() -> {
        admin.close(java.time.Duration.ofSeconds(2));
        return null;
      }));
  }
}
