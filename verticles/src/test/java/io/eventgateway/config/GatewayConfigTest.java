package io.eventgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

  private static GatewayConfig load(Map<String, Object> file, Map<String, String> env) {
    return GatewayConfig.from(new ConfigSource(file, env, "test"));
  }

  @Test
  void defaultsAreValid() {
    GatewayConfig config = load(Map.of(), Map.of());
    assertEquals(8080, config.http().port());
    assertEquals(Duration.ofHours(24), config.dedup().window());
    assertEquals("events", config.routing().defaultTopic());
  }

  @Test
  void environmentOverridesTheFileInUpperSnakeCase() {
    GatewayConfig config = load(
      Map.of("kafka.bootstrap.servers", "file:9092", "http.max-body-bytes", 2048),
      Map.of("GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "GATEWAY_HTTP_MAX_BODY_BYTES", "4096"));
    assertEquals("env:9092", config.kafka().bootstrapServers());
    assertEquals(4096, config.http().maxBodyBytes());
  }

  @Test
  void everyBadKeyIsNamedInOneError() {
    ConfigException e = assertThrows(ConfigException.class, () -> load(
      Map.of("http.port", "eighty", "dedup.window", "forever", "htpp.port", 1),
      Map.of("GATEWAY_PG_POOL_SIZE", "0")));
    String message = e.getMessage();
    assertEquals(4, e.problems().size(), message);
    assertTrue(message.contains("http.port"), message);
    assertTrue(message.contains("dedup.window"), message);
    assertTrue(message.contains("htpp.port: unknown key"), message);
    assertTrue(message.contains("pg.pool-size (env GATEWAY_PG_POOL_SIZE)"), message);
  }

  @Test
  void producerPassThroughCannotWeakenDelivery() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> load(Map.of("kafka.producer.acks", "1", "kafka.producer.linger.ms", "10"), Map.of()));
    assertTrue(e.getMessage().contains("kafka.producer.acks"), e.getMessage());
  }

  @Test
  void routingRulesFromYamlOrEnvironment() {
    GatewayConfig fromFile = load(Map.of("routing.rules", List.of(Map.of("type", "a.*", "topic", "t-a"))), Map.of());
    GatewayConfig fromEnv = load(Map.of(), Map.of("GATEWAY_ROUTING_RULES", "a.*=t-a; b.?=t-b"));
    assertEquals(List.of(new RoutingConfig.Rule("a.*", "t-a")), fromFile.routing().rules());
    assertEquals(2, fromEnv.routing().rules().size());
    assertThrows(ConfigException.class, () -> load(Map.of("routing.default-topic", "bad topic!"), Map.of()));
  }

  @Test
  void shippedConfigFileIsValidAndComplete(@TempDir Path tmp) throws IOException {
    Path shipped = Path.of("..", "conf", "gateway.yaml");
    GatewayConfig config = GatewayConfig.from(ConfigSource.load(shipped, true, Map.of()));
    assertEquals(load(Map.of(), Map.of()), config, "conf/gateway.yaml must show the defaults");
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(broken, "http: [unclosed");
    assertThrows(ConfigException.class, () -> ConfigSource.load(broken, true, Map.of()));
  }

  @Test
  void hostileInputLimitsHaveDefaultsAndRanges() {
    GatewayConfig.HttpConfig http = load(Map.of(), Map.of()).http();
    assertEquals(4096, http.maxInitialLineLength());
    assertEquals(8192, http.maxHeaderSize());
    assertEquals(Duration.ofSeconds(10), http.headerTimeout());
    assertEquals(Duration.ofSeconds(10), http.bodyTimeout());
    assertEquals(32, http.maxJsonDepth());
    assertEquals(100, http.maxNumberLength());
    assertEquals(262_144, http.maxStringLength());

    assertEquals(Duration.ofMillis(1500),
      load(Map.of("http.header-timeout", "1500ms"), Map.of()).http().headerTimeout());
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
      "http.max-json-depth", 2, "http.max-number-length", 5000, "http.header-timeout", "0s",
      "http.body-timeout", "forever", "http.max-header-size", 10, "http.max-initial-line-length", "long",
      "http.max-string-length", -1), Map.of()));
    assertEquals(7, e.problems().size(), e.getMessage());
    for (String key : List.of("http.max-json-depth", "http.max-number-length", "http.header-timeout",
      "http.body-timeout", "http.max-header-size", "http.max-initial-line-length", "http.max-string-length")) {
      assertTrue(e.getMessage().contains(key), key + " in " + e.getMessage());
    }
  }

  @Test
  void theMinimumCommitIntervalHasADefaultAndARange() {
    assertEquals(Duration.ofMillis(4), load(Map.of(), Map.of()).outbox().minCommitInterval());
    assertEquals(Duration.ZERO, load(Map.of("outbox.min-commit-interval", "0ms"), Map.of()).outbox().minCommitInterval());
    ConfigException e = assertThrows(ConfigException.class,
      () -> load(Map.of("outbox.min-commit-interval", "1s"), Map.of()));
    assertTrue(e.getMessage().contains("outbox.min-commit-interval"), e.getMessage());
  }

  @Test
  void retentionHasDefaultsAndRanges() {
    GatewayConfig.OutboxConfig outbox = load(Map.of(), Map.of()).outbox();
    assertEquals(Duration.ofDays(7), outbox.retention());
    assertEquals(Duration.ofDays(30), outbox.deadRetention());
    assertEquals(5000, outbox.retentionBatch());
    assertEquals(Duration.ofMinutes(1), outbox.retentionInterval());

    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
      "outbox.retention-batch", 0, "outbox.retention-interval", "10ms"), Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("outbox.retention-batch"), e.getMessage());
    assertTrue(e.getMessage().contains("outbox.retention-interval"), e.getMessage());
  }

  @Test
  void retentionMayNotEndBeforeTheDedupWindow() {
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
      "dedup.window", "48h", "outbox.retention", "1d"), Map.of("GATEWAY_OUTBOX_DEAD_RETENTION", "12h")));
    assertEquals(2, e.problems().size(), e.getMessage());
    for (String problem : e.problems()) {
      assertTrue(problem.contains("dedup.window (172800s)"), problem);
    }
    assertTrue(e.problems().get(0).startsWith("outbox.retention: "), e.getMessage());
    assertTrue(e.problems().get(1).startsWith("outbox.dead-retention (env GATEWAY_OUTBOX_DEAD_RETENTION)"),
      e.getMessage());

    GatewayConfig tiny = load(Map.of("dedup.window", "1s", "outbox.retention", "1s", "outbox.dead-retention", "1s"),
      Map.of());
    assertEquals(Duration.ofSeconds(1), tiny.outbox().retention());
  }

  @Test
  void durationsTakeUnits() {
    assertEquals(Duration.ofMillis(250), ConfigReader.parseDuration("250ms"));
    assertEquals(Duration.ofMillis(250), ConfigReader.parseDuration("250"));
    assertEquals(Duration.ofDays(7), ConfigReader.parseDuration("7d"));
  }

  @Test
  void limitsThatContradictEachOtherAreNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(
      "ingress.max-in-flight", 10, "http.max-batch-items", 100,
      "outbox.low-water-rows", 500, "outbox.high-water-rows", 500,
      "relay.retry-backoff-min", "10s", "relay.retry-backoff-max", "9s"), Map.of()));
    String message = e.getMessage();
    assertEquals(3, e.problems().size(), message);
    assertTrue(message.contains("ingress.max-in-flight"), message);
    assertTrue(message.contains("outbox.low-water-rows"), message);
    assertTrue(message.contains("relay.retry-backoff-max"), message);
  }

  @Test
  void webSocketDefaultsAndTheWindowHoldsAFullMessage() {
    GatewayConfig.WebSocketConfig ws = load(Map.of(), Map.of()).websocket();
    assertTrue(ws.enabled());
    assertEquals(1_048_576, ws.maxMessageBytes());
    assertEquals(2000, ws.window());
    assertEquals(Duration.ofSeconds(20), ws.pingInterval());
    assertEquals(Duration.ofMinutes(5), ws.idleTimeout());
    assertEquals(Duration.ofSeconds(30), ws.unreadAcksTimeout());
    assertEquals(65_536, ws.writeQueueBytes());

    ConfigException small = assertThrows(ConfigException.class,
      () -> load(Map.of("websocket.window", 10, "http.max-batch-items", 11), Map.of()));
    assertTrue(small.getMessage().contains("websocket.window: must be at least http.max-batch-items (11)"),
      small.getMessage());
    ConfigException slowPings = assertThrows(ConfigException.class,
      () -> load(Map.of(), Map.of("GATEWAY_WEBSOCKET_PING_INTERVAL", "60s")));
    assertTrue(slowPings.getMessage().contains("websocket.ping-interval"), slowPings.getMessage());
    assertEquals(false, load(Map.of(), Map.of("GATEWAY_WEBSOCKET_ENABLED", "false")).websocket().enabled());
  }
}
