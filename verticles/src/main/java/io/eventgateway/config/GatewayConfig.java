package io.eventgateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's whole configuration, immutable and validated. {@link #from(ConfigSource)} is the only
 * place keys are named; every key, default and unit is also documented in {@code conf/gateway.yaml}.
 */
public record GatewayConfig(
  HttpConfig http,
  IngressConfig ingress,
  ManagementConfig management,
  PgConfig pg,
  RedisConfig redis,
  KafkaConfig kafka,
  DedupConfig dedup,
  OutboxConfig outbox,
  RelayConfig relay,
  RoutingConfig routing,
  WebSocketConfig websocket) {

  /** Producer settings the gateway's guarantees rest on; a pass-through key may not weaken them. */
  private static final Map<String, String> REQUIRED_PRODUCER = Map.of(
    "enable.idempotence", "true",
    "acks", "all");

  public static GatewayConfig from(ConfigSource source) {
    ConfigReader r = new ConfigReader(source);
    HttpConfig http = new HttpConfig(
      r.string("http.host", "0.0.0.0"),
      r.integer("http.port", 8080, 0, 65535),
      r.integer("http.max-body-bytes", 1_048_576, 1024, 64 * 1_048_576),
      r.integer("http.max-connections", 4096, 1, 1_000_000),
      r.integer("http.max-batch-items", 1000, 1, 100_000),
      r.integer("http.instances", 0, 0, 256),
      r.integer("http.max-initial-line-length", 4096, 256, 65_536),
      r.integer("http.max-header-size", 8192, 1024, 1_048_576),
      r.duration("http.header-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)),
      r.duration("http.body-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)),
      r.integer("http.max-json-depth", 32, 3, 1000),
      r.integer("http.max-number-length", 100, 20, 1000),
      r.integer("http.max-string-length", 262_144, 1024, 64 * 1_048_576));
    IngressConfig ingress = new IngressConfig(
      r.integer("ingress.max-in-flight", 8192, 1, 10_000_000),
      r.duration("ingress.request-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)),
      r.duration("ingress.ack-timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(10)),
      r.integer("ingress.max-ack-waiters", 65_536, 1, 10_000_000));
    ManagementConfig management = new ManagementConfig(
      r.string("management.host", "0.0.0.0"),
      r.integer("management.port", 9090, 0, 65535),
      r.duration("management.probe-interval", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(1)),
      r.duration("management.probe-timeout", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1)),
      r.bool("management.vertx-metrics", true));
    PgConfig pg = new PgConfig(
      r.string("pg.uri", "postgresql://postgres@127.0.0.1:5432/eventgateway"),
      r.integer("pg.pool-size", 8, 2, 1000),
      r.duration("pg.connect-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)),
      r.duration("pg.pool-wait", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(5)),
      r.duration("pg.query-timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(10)));
    RedisConfig redis = new RedisConfig(
      r.string("redis.uri", "redis://127.0.0.1:6379"),
      r.duration("redis.timeout", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)),
      r.integer("redis.pool-size", 8, 1, 1000));
    r.passThrough("kafka.producer.");
    KafkaConfig kafka = new KafkaConfig(
      r.string("kafka.bootstrap.servers", "127.0.0.1:9092"),
      producerProperties(r));
    DedupConfig dedup = new DedupConfig(
      r.duration("dedup.window", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(365)),
      r.duration("dedup.claim-ttl", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1)));
    OutboxConfig outbox = new OutboxConfig(
      r.integer("outbox.max-batch-rows", 1000, 1, 100_000),
      r.integer("outbox.max-queued-rows", 20_000, 1, 10_000_000),
      r.duration("outbox.min-commit-interval", Duration.ofMillis(4), Duration.ZERO, Duration.ofMillis(100)),
      r.integer("outbox.high-water-rows", 1_000_000, 1, Integer.MAX_VALUE),
      r.integer("outbox.low-water-rows", 800_000, 0, Integer.MAX_VALUE),
      r.duration("outbox.high-water-age", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(30)),
      r.duration("outbox.backlog-check-interval", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(1)),
      r.duration("outbox.retention", Duration.ofDays(7), Duration.ofSeconds(1), Duration.ofDays(3650)),
      r.duration("outbox.dead-retention", Duration.ofDays(30), Duration.ofSeconds(1), Duration.ofDays(3650)),
      r.integer("outbox.retention-batch", 5000, 1, 100_000),
      r.duration("outbox.retention-interval", Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofDays(1)));
    RelayConfig relay = new RelayConfig(
      r.integer("relay.shards", 64, 1, 4096),
      r.integer("relay.max-in-flight", 10_000, 1, 1_000_000),
      r.integer("relay.shard-max-in-flight", 1000, 1, 1_000_000),
      r.integer("relay.fetch-rows", 2000, 1, 100_000),
      r.integer("relay.marks-in-flight", 3, 1, 16),
      r.duration("relay.send-timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1)),
      r.duration("relay.retry-backoff-min", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMinutes(10)),
      r.duration("relay.retry-backoff-max", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1)),
      r.duration("relay.lease-ttl", Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMinutes(10)),
      r.duration("relay.poll-interval", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(10)),
      r.custom("relay.dead-letter-suffix", ".dlq", "a suffix that makes valid Kafka topic names",
        v -> RoutingConfig.topicName("x" + v).substring(1)));
    RoutingConfig routing = new RoutingConfig(
      r.custom("routing.default-topic", "events", "a valid Kafka topic name", RoutingConfig::topicName),
      r.custom("routing.rules", List.of(),
        "a list of {type: <glob>, topic: <name>} (env: glob=topic;glob=topic)", RoutingConfig::parseRules));
    WebSocketConfig websocket = new WebSocketConfig(
      r.bool("websocket.enabled", true),
      r.integer("websocket.max-message-bytes", 1_048_576, 1024, 64 * 1_048_576),
      r.integer("websocket.window", 2000, 1, 1_000_000),
      r.duration("websocket.idle-timeout", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
      // Below the ingest connections' 60 s idle timeout, which the pings keep from firing.
      r.duration("websocket.ping-interval", Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(55)),
      r.duration("websocket.unread-acks-timeout", Duration.ofSeconds(30), Duration.ofMillis(100),
        Duration.ofMinutes(10)),
      r.integer("websocket.write-queue-bytes", 65_536, 1024, 64 * 1_048_576));
    validateCrossField(r, outbox, relay, http, ingress);
    validateWebSocket(r, websocket, http);
    validateRetention(r, outbox, dedup);
    r.validate();
    return new GatewayConfig(http, ingress, management, pg, redis, kafka, dedup, outbox, relay, routing, websocket);
  }

  private static Map<String, String> producerProperties(ConfigReader r) {
    Map<String, String> props = new LinkedHashMap<>();
    r.source().withPrefix("kafka.producer.").forEach((k, v) -> props.put(k, String.valueOf(v)));
    REQUIRED_PRODUCER.forEach((key, required) -> {
      String given = props.get(key);
      if (given != null && !given.equals(required)) {
        r.problem("kafka.producer." + key, "must be " + required + " (the gateway's delivery guarantee needs it)");
      }
    });
    return Map.copyOf(props);
  }

  private static void validateCrossField(ConfigReader r, OutboxConfig outbox, RelayConfig relay, HttpConfig http,
                                         IngressConfig ingress) {
    if (ingress.maxInFlight() < http.maxBatchItems()) {
      r.problem("ingress.max-in-flight", "must be at least http.max-batch-items (" + http.maxBatchItems()
        + "), or a full batch could never be admitted");
    }
    if (outbox.lowWaterRows() >= outbox.highWaterRows()) {
      r.problem("outbox.low-water-rows", "must be below outbox.high-water-rows (" + outbox.highWaterRows() + ")");
    }
    if (outbox.maxQueuedRows() < http.maxBatchItems()) {
      r.problem("outbox.max-queued-rows", "must be at least http.max-batch-items (" + http.maxBatchItems() + ")");
    }
    if (relay.retryBackoffMax().compareTo(relay.retryBackoffMin()) < 0) {
      r.problem("relay.retry-backoff-max", "must be at least relay.retry-backoff-min");
    }
  }

  /** A WebSocket message may carry up to http.max-batch-items events, and must fit in a socket's window. */
  private static void validateWebSocket(ConfigReader r, WebSocketConfig websocket, HttpConfig http) {
    if (websocket.window() < http.maxBatchItems()) {
      r.problem("websocket.window", "must be at least http.max-batch-items (" + http.maxBatchItems()
        + "), or a message with a full batch could never be taken in");
    }
  }

  /**
   * Once Redis forgot a key (restart, flush, or past {@code dedup.window}), the outbox's unique constraint
   * is the only dedup left, and it lasts as long as the row: no row may go before the window ends.
   */
  private static void validateRetention(ConfigReader r, OutboxConfig outbox, DedupConfig dedup) {
    Map<String, Duration> retentions = new LinkedHashMap<>();
    retentions.put("outbox.retention", outbox.retention());
    retentions.put("outbox.dead-retention", outbox.deadRetention());
    retentions.forEach((key, retention) -> {
      if (retention.compareTo(dedup.window()) < 0) {
        r.problem(key, "must be at least dedup.window (" + dedup.window().toSeconds() + "s): PostgreSQL's unique"
          + " constraint is the dedup backstop once Redis forgot a key, and a deleted row backs nothing");
      }
    });
  }

  /** Effective configuration for the start-up log; URIs are shown without credentials. */
  public String describe() {
    List<String> lines = new ArrayList<>();
    lines.add("http " + http.host() + ":" + http.port() + ", management :" + management.port());
    lines.add("pg " + mask(pg.uri()) + " (pool " + pg.poolSize() + ")");
    lines.add("redis " + mask(redis.uri()));
    lines.add("kafka " + kafka.bootstrapServers() + " " + kafka.producer().keySet());
    lines.add("dedup window " + dedup.window() + ", default topic " + routing.defaultTopic()
      + ", " + routing.rules().size() + " route(s)");
    return String.join("; ", lines);
  }

  /** A URI with its password hidden, for logs. */
  public static String mask(String uri) {
    return uri.replaceAll("//([^:/@]+):([^@]*)@", "//$1:***@");
  }

  /**
   * {@code maxInitialLineLength} and {@code maxHeaderSize}: bytes of the request line and of all headers;
   * {@code headerTimeout}: how long a request's line and headers may take to arrive (from the connection's
   * opening, or from the first byte of a follow-up request on a kept-alive connection);
   * {@code bodyTimeout}: how long its body may take after the headers; {@code maxJsonDepth}: nesting levels
   * of objects and arrays; {@code maxNumberLength}: characters of one JSON number; {@code maxStringLength}:
   * characters of one JSON string or field name.
   */
  public record HttpConfig(String host, int port, int maxBodyBytes, int maxConnections, int maxBatchItems,
                           int instances,
                           int maxInitialLineLength, int maxHeaderSize, Duration headerTimeout, Duration bodyTimeout,
                           int maxJsonDepth, int maxNumberLength, int maxStringLength) {
    /** Verticle instances: configured, else one per core (each owns an event loop). */
    public int effectiveInstances() {
      return instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * {@code maxInFlight}: events admitted and not yet answered, per instance, beyond which requests are
   * shed with 503; {@code requestTimeout}: the deadline of a request from its admission to its commit;
   * {@code ackTimeout}: how long an {@code ?ack=published} request waits for Kafka after the commit before
   * it is answered {@code accepted}; {@code maxAckWaiters}: events waiting so at once, beyond which the
   * wait is skipped (answered {@code accepted} at once) rather than queued.
   */
  public record IngressConfig(int maxInFlight, Duration requestTimeout, Duration ackTimeout, int maxAckWaiters) {
  }

  /**
   * {@code probeInterval}/{@code probeTimeout}: how often and how patiently each backend is probed;
   * {@code vertxMetrics}: whether Vert.x's own meters (per-request HTTP, pools, JVM) join the gateway's.
   */
  public record ManagementConfig(String host, int port, Duration probeInterval, Duration probeTimeout,
                                 boolean vertxMetrics) {
  }

  /**
   * {@code poolWait}: how long a request may wait for a connection before it fails fast;
   * {@code queryTimeout}: how long a commit may take before its requests fail with 503.
   */
  public record PgConfig(String uri, int poolSize, Duration connectTimeout, Duration poolWait,
                         Duration queryTimeout) {
  }

  /** {@code timeout}: the longest a dedup call may take before the request proceeds without Redis. */
  public record RedisConfig(String uri, Duration timeout, int poolSize) {
  }

  public record KafkaConfig(String bootstrapServers, Map<String, String> producer) {
  }

  /** {@code claimTtl}: how long a claim lives if the gateway dies between claim and commit. */
  public record DedupConfig(Duration window, Duration claimTtl) {
  }

  /**
   * {@code maxBatchRows}: rows in one group-commit INSERT; {@code maxQueuedRows}: rows waiting for the
   * next flush, beyond which requests are shed; {@code minCommitInterval}: while busy, an event loop
   * starts a group commit at most this often (idle, at once), so that commits carry more rows; past
   * {@code highWaterRows} unpublished rows (or a row older than {@code highWaterAge}, zero = no age
   * limit) ingestion sheds until the backlog is at most {@code lowWaterRows}, measured every
   * {@code backlogCheckInterval}. Published rows are kept for {@code retention}, dead-lettered ones
   * for {@code deadRetention}; every {@code retentionInterval} the expired ones are deleted,
   * {@code retentionBatch} rows per statement.
   */
  public record OutboxConfig(int maxBatchRows, int maxQueuedRows, Duration minCommitInterval,
                             int highWaterRows, int lowWaterRows,
                             Duration highWaterAge, Duration backlogCheckInterval, Duration retention,
                             Duration deadRetention, int retentionBatch, Duration retentionInterval) {
  }

  /**
   * The relay. {@code shards}: how many ways rows are split by partition key (each shard is published in
   * order by one instance; must not change while rows are pending); {@code maxInFlight} and
   * {@code shardMaxInFlight}: Kafka sends awaiting acknowledgement, in all and per shard;
   * {@code fetchRows}: rows read per query, split across shards; {@code marksInFlight}: UPDATEs marking
   * rows published at once, each on its own connection; {@code sendTimeout}: Kafka's delivery timeout;
   * retries back off exponentially between {@code retryBackoffMin} and {@code retryBackoffMax}, with
   * jitter; {@code leaseTtl}: how long a shard lease lasts unrenewed (the takeover time of a dead
   * instance's shards); {@code pollInterval}: the longest idle wait when no notification arrives;
   * dead letters go to the row's topic plus {@code deadLetterSuffix}.
   */
  public record RelayConfig(int shards, int maxInFlight, int shardMaxInFlight, int fetchRows, int marksInFlight,
                            Duration sendTimeout,
                            Duration retryBackoffMin, Duration retryBackoffMax, Duration leaseTtl,
                            Duration pollInterval, String deadLetterSuffix) {
  }

  /**
   * WebSocket ingestion on {@code GET /events/ws}. {@code maxMessageBytes}: the largest text message
   * (also the largest frame); {@code window}: events a socket may have received and not yet settled
   * (committed or refused) before the server stops reading from it; {@code idleTimeout}: a socket with
   * no message and nothing in flight for this long is closed; {@code pingInterval}: how often the server
   * pings (a socket that answers nothing for two intervals while it is read is closed);
   * {@code unreadAcksTimeout}: how long a socket's write queue may stay full (its client not reading
   * acks) before it is closed; {@code writeQueueBytes}: the acks a socket may have queued before the
   * server counts its write queue as full.
   */
  public record WebSocketConfig(boolean enabled, int maxMessageBytes, int window, Duration idleTimeout,
                                Duration pingInterval, Duration unreadAcksTimeout, int writeQueueBytes) {
  }
}
