package io.eventgateway.stream;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.outbox.CommittedRow;
import io.eventgateway.outbox.OutboxDatabase;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows to Kafka. One instance per gateway, owning the gateway's single
 * idempotent producer (through {@link KafkaSender}). Rows arrive two ways: straight from the ingest path right after their commit (no
 * poll delay), and from the {@link OutboxPoller} for rows left behind. In-flight sends are bounded by
 * {@link SendPermits}; rows waiting for a permit are bounded too, and past that bound a row is simply
 * left to the poller. A row is marked published only after Kafka acknowledged it.
 *
 * <p>Why a row never goes out twice from two instances: another instance's poller only takes rows older
 * than {@code outbox.poll-grace}, which config validation keeps above {@code relay.send-timeout}; and
 * this relay gives up on a queued row (leaving it to the pollers) before its last send could still be
 * running at that age.
 */
public final class KafkaRelay extends VerticleBase implements RelayHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);
  private static final int RELAY_POOL_SIZE = 4;

  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private record Queued(CommittedRow row, long sinceNanos) {
  }

  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final long maxQueuedNanos;
  /** Rows queued, in flight or awaiting their mark: the poller must not send these again. */
  private final Set<Long> owned = new HashSet<>();
  private long failedSends;
  private final SendPermits permits;
  private volatile Context relayContext;
  private KafkaSender sender;
  private Pool pool;
  private PublishedMarker marker;
  private OutboxPoller poller;
  private long lastFailureLog;

  public KafkaRelay(GatewayConfig config, GatewayMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.permits = new SendPermits(config.relay().maxInFlight());
    // A send starts before this age or not at all, so it ends (ack or timeout) before the pollers' grace.
    this.maxQueuedNanos = config.outbox().pollGrace().minus(config.relay().sendTimeout()).toNanos() / 2;
  }

  @Override
  public Future<?> start() {
    relayContext = context;
    pool = OutboxDatabase.pool(vertx, config.pg(), RELAY_POOL_SIZE, "relay");
    sender = new KafkaSender(context, new HashMap<>(producerConfig(config)), metrics);
    marker = new PublishedMarker(vertx, pool, seqs -> seqs.forEach(owned::remove));
    poller = new OutboxPoller(vertx, pool, config.outbox().pollInterval(), config.outbox().pollGrace(),
      config.outbox().pollBatchSize(), permits::available, owned, this::publish);
    poller.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    poller.stop();
    // Rows still in flight stay unpublished in the outbox; the next start (or another instance) sends them.
    return sender.close(Duration.ofSeconds(2)).eventually(pool::close);
  }

  /** Kafka producer settings: the gateway's required ones win over pass-through keys. */
  static Map<String, String> producerConfig(GatewayConfig config) {
    long sendTimeout = config.relay().sendTimeout().toMillis();
    Map<String, String> props = new HashMap<>();
    props.put("client.id", "event-gateway-relay");
    props.put("linger.ms", "5");
    props.put("batch.size", "65536");
    props.put("max.in.flight.requests.per.connection", "5");
    // Sends run on a Vert.x worker, but a long metadata wait would still stall every send behind it.
    props.put("max.block.ms", "5000");
    props.putAll(config.kafka().producer());
    props.put("bootstrap.servers", config.kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    long linger = Long.parseLong(props.get("linger.ms"));
    props.put("delivery.timeout.ms", Long.toString(sendTimeout));
    props.putIfAbsent("request.timeout.ms", Long.toString(Math.max(1000, Math.min(10_000, sendTimeout - linger - 1))));
    return props;
  }

  @Override
  public void submit(List<CommittedRow> rows) {
    Context ctx = relayContext;
    if (ctx == null || rows.isEmpty()) {
      return; // not started: the rows are committed, the poller will find them
    }
    long now = System.nanoTime();
    ctx.runOnContext(v -> {
      int maxQueued = config.relay().maxQueued();
      for (CommittedRow row : rows) {
        if (queue.size() >= maxQueued) {
          break; // left to the poller
        }
        queue.add(new Queued(row, now));
        owned.add(row.seq());
      }
      pump();
    });
  }

  /** Sends as many queued rows as there are permits, as one batch; marks each row once Kafka acked it. */
  private void pump() {
    if (queue.isEmpty() || permits.available() == 0) {
      return;
    }
    List<CommittedRow> batch = new ArrayList<>(Math.min(queue.size(), permits.available()));
    long now = System.nanoTime();
    while (!queue.isEmpty() && batch.size() < permits.available()) {
      Queued next = queue.poll();
      if (now - next.sinceNanos() > maxQueuedNanos) {
        owned.remove(next.row().seq()); // too late to send without racing the pollers: theirs now
      } else {
        batch.add(next.row());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<Future<Void>> sends = publish(batch);
    for (int i = 0; i < batch.size(); i++) {
      long seq = batch.get(i).seq();
      sends.get(i).onComplete(result -> {
        if (result.succeeded()) {
          marker.mark(seq);
        } else {
          owned.remove(seq);
        }
      });
    }
  }

  /**
   * Sends rows under permits, in order; one future per row, completed when Kafka acknowledged it (or
   * failed). Rows from the poller are marked by the poller inside its own transaction.
   */
  private List<Future<Void>> publish(List<CommittedRow> rows) {
    // Permits are taken in order on this loop, so the rows that get one are always a prefix.
    int permitted = 0;
    while (permitted < rows.size() && permits.tryAcquire()) {
      permitted++;
    }
    List<Future<Void>> results = new ArrayList<>(rows.size());
    for (Future<Void> send : sender.send(rows.subList(0, permitted))) {
      results.add(send.onComplete(this::sendDone));
    }
    for (int i = permitted; i < rows.size(); i++) {
      results.add(Future.failedFuture("no send permit"));
    }
    return results;
  }

  private void sendDone(AsyncResult<Void> result) {
    permits.release();
    if (result.failed()) {
      failedSends++;
      logSendFailure(result.cause());
    }
    pump();
  }

  private void logSendFailure(Throwable cause) {
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 5000) {
      lastFailureLog = now;
      LOG.warn("Kafka send failed ({} so far); rows stay in the outbox and will be retried: {}",
        failedSends, cause.toString());
    }
  }
}
