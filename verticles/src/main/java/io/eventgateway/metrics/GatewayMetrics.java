package io.eventgateway.metrics;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.health.Backends;
import io.eventgateway.outbox.OutboxBacklog;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.overload.ConnectionLimit;
import io.eventgateway.overload.IngressPermits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;

/**
 * The gateway's own meters, on whatever registry the application exposes (Prometheus on the management
 * port). Every hot-path call is a counter or timer update: lock-free adders, no allocation. Names use
 * dots; the Prometheus registry turns {@code eventgateway.events} into {@code eventgateway_events_total}.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicate;
  private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);
  private final DistributionSummary commitRows;
  private final Timer commitTime;
  private final Counter commitFailures;
  private final Timer kafkaSendOk;
  private final Timer kafkaSendFailed;
  private final Counter relayPublished;
  private final Timer relayLatency;
  private final Counter relayRetries;
  private final Counter relayDeadLetters;
  private final Counter relayUnknownOutcome;
  private final WebSocketMetrics webSockets;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted = events("accepted", "none");
    this.duplicate = events("duplicate", "none");
    for (ErrorCode code : ErrorCode.values()) {
      refused.put(code, events(outcomeOf(code), code.slug()));
    }
    this.commitRows = DistributionSummary.builder("eventgateway.outbox.commit.rows")
      .description("Rows per group-commit transaction").baseUnit("rows")
      .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
      .register(registry);
    this.commitTime = Timer.builder("eventgateway.outbox.commit")
      .description("Time of one group-commit transaction, successful or not")
      .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(500), ms(1000))
      .register(registry);
    this.commitFailures = Counter.builder("eventgateway.outbox.commit.failures")
      .description("Group-commit transactions that failed (their requests got 503)").register(registry);
    this.kafkaSendOk = kafkaSend("acknowledged");
    this.kafkaSendFailed = kafkaSend("failed");
    this.relayPublished = Counter.builder("eventgateway.relay.published")
      .description("Outbox rows published to Kafka (acknowledged)").register(registry);
    this.relayLatency = Timer.builder("eventgateway.relay.publish.latency")
      .description("From the row's commit until Kafka acknowledged its record")
      .publishPercentiles(0.5, 0.9, 0.99, 0.999)
      .serviceLevelObjectives(ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500), ms(1000), ms(5000))
      .register(registry);
    this.relayRetries = Counter.builder("eventgateway.relay.retries")
      .description("Sends that failed with a retriable error; their shard waits and retries in order")
      .register(registry);
    this.relayDeadLetters = Counter.builder("eventgateway.relay.dead.letters")
      .description("Rows Kafka refused for good, copied to the dead-letter topic and marked dead").register(registry);
    this.relayUnknownOutcome = Counter.builder("eventgateway.relay.unknown.outcome")
      .description("Rows published from a shard taken over from an instance whose lease expired:"
        + " its sends may have landed too, so each may be a duplicate in Kafka").register(registry);
    this.webSockets = new WebSocketMetrics(registry);
  }

  /** Meters that go nowhere, for tests and tools that embed the gateway's parts. */
  public static GatewayMetrics noop() {
    return new GatewayMetrics(new SimpleMeterRegistry());
  }

  private Counter events(String outcome, String reason) {
    return Counter.builder("eventgateway.events")
      .description("Events by outcome; reason is the problem type of refused events")
      .tag("outcome", outcome).tag("reason", reason).register(registry);
  }

  private Timer kafkaSend(String result) {
    return Timer.builder("eventgateway.kafka.send")
      .description("From handing a record to the producer until Kafka acknowledged (or refused) it")
      .tag("result", result)
      .serviceLevelObjectives(ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500), ms(1000), ms(5000))
      .register(registry);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** 503s shed load (the client should retry), other 5xx failed, 4xx are the client's to fix. */
  static String outcomeOf(ErrorCode code) {
    if (code.status() == 503) {
      return "shed";
    }
    return code.status() >= 500 ? "failed" : "rejected";
  }

  public void accepted(int events) {
    accepted.increment(events);
  }

  public void duplicate(int events) {
    duplicate.increment(events);
  }

  /** Events refused (rejected, shed or failed) with the problem type the client got. */
  public void refused(ErrorCode code, int events) {
    refused.get(code).increment(events);
  }

  public void outboxFlushed(int rows, long nanos, boolean success) {
    commitTime.record(nanos, TimeUnit.NANOSECONDS);
    if (success) {
      commitRows.record(rows);
    } else {
      commitFailures.increment();
    }
  }

  /** Called on Kafka's I/O thread; meters are thread-safe. */
  public void kafkaSent(long nanos, boolean acknowledged) {
    (acknowledged ? kafkaSendOk : kafkaSendFailed).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void relayPublished(long millisSinceCommit) {
    relayPublished.increment();
    relayLatency.record(Math.max(0, millisSinceCommit), TimeUnit.MILLISECONDS);
  }

  public void relayRetry() {
    relayRetries.increment();
  }

  public void relayDeadLettered() {
    relayDeadLetters.increment();
  }

  public void relayUnknownOutcome() {
    relayUnknownOutcome.increment();
  }

  /** The relay's own state, as the relay last published it (volatile copies, safe to read when scraped). */
  /** Events of {@code ?ack=published} requests waiting for Kafka now. */
  public void bindPublishWatch(IntSupplier waiting) {
    Gauge.builder("eventgateway.ack.waiting", waiting, IntSupplier::getAsInt)
      .description("Events of ack=published requests waiting for Kafka's acknowledgement").register(registry);
  }

  /**
   * How an {@code ?ack=published} wait for one event ended: {@code published}, {@code dead}, or
   * {@code pending} (the timeout, or the watch was full, so the answer was {@code accepted}).
   */
  public void ackWaited(String outcome) {
    Counter.builder("eventgateway.ack.waits").description("Ends of ack=published waits, per event, by outcome")
      .tag("outcome", outcome).register(registry).increment();
  }

  public void bindRelay(IntSupplier shardsOwned, IntSupplier rowsHeld, int shards, IntUnaryOperator heldInShard) {
    for (int shard = 0; shard < shards; shard++) {
      int id = shard;
      Gauge.builder("eventgateway.relay.shard.held", () -> heldInShard.applyAsInt(id))
        .description("Per shard: rows read and not yet published (0 for shards another instance holds)")
        .tag("shard", Integer.toString(shard)).register(registry);
    }
    Gauge.builder("eventgateway.relay.shards.owned", shardsOwned, IntSupplier::getAsInt)
      .description("Shards this instance holds the lease of").register(registry);
    Gauge.builder("eventgateway.relay.rows.held", rowsHeld, IntSupplier::getAsInt)
      .description("Rows read and not yet marked (queued, in flight, retrying)").register(registry);
  }

  /**
   * Rows the retention sweeper deleted, by the state they were in ({@code published} or {@code dead}).
   * Registered on first use (a lookup per batch, off the hot path).
   */
  public void retentionDeleted(String state, long rows) {
    Counter.builder("eventgateway.outbox.retention.deleted")
      .description("Outbox rows deleted past retention, by the state they were in")
      .tag("state", state).register(registry).increment(rows);
  }

  /** Gauges read the shared state when scraped; nothing is updated on the hot path for them. */
  public void bindState(AdmissionControl admission, OutboxBacklog backlog, Backends backends) {
    IngressPermits permits = admission.permits();
    Gauge.builder("eventgateway.http.connections.open", admission.connections(), ConnectionLimit::open)
      .description("Open ingest connections (bounded by http.max-connections)").register(registry);
    FunctionCounter.builder("eventgateway.http.connections.refused", admission.connections(),
        ConnectionLimit::refused)
      .description("Connections closed on opening because http.max-connections were open").register(registry);
    Gauge.builder("eventgateway.ingress.permits.used", permits, IngressPermits::inUse)
      .description("Events in flight (admitted, outcome not yet known)").register(registry);
    Gauge.builder("eventgateway.ingress.permits.max", permits, IngressPermits::max)
      .description("The bound on events in flight (ingress.max-in-flight)").register(registry);
    Gauge.builder("eventgateway.outbox.backlog.rows", backlog, OutboxBacklog::depth)
      .description("Unpublished outbox rows (exact up to the high-water mark, estimated above)").register(registry);
    Gauge.builder("eventgateway.outbox.backlog.oldest.age", backlog, OutboxBacklog::oldestAgeSeconds)
      .description("Age of the oldest unpublished row").baseUnit("seconds").register(registry);
    Gauge.builder("eventgateway.outbox.backlog.shedding", backlog, b -> b.shedding() ? 1 : 0)
      .description("1 while ingestion sheds because the backlog is over its high-water mark").register(registry);
    for (String mode : new String[] {"redis", "postgresql-only"}) {
      Gauge.builder("eventgateway.dedup.mode", backends, b -> b.dedupMode().equals(mode) ? 1 : 0)
        .description("1 for the dedup mode in use").tag("mode", mode).register(registry);
    }
    for (BackendStatus backend : new BackendStatus[] {backends.postgres(), backends.redis(), backends.kafka()}) {
      Gauge.builder("eventgateway.backend.up", backend, b -> b.up() ? 1 : 0)
        .description("1 while the backend answers").tag("backend", backend.name().toLowerCase())
        .register(registry);
    }
  }

  public WebSocketMetrics webSockets() {
    return webSockets;
  }

  public MeterRegistry registry() {
    return registry;
  }
}
