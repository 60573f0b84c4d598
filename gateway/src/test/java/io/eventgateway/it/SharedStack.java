package io.eventgateway.it;

import io.eventgateway.app.Gateway;
import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import io.eventgateway.embedded.EmbeddedBackend;
import io.eventgateway.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded backend stack (real Kafka, PostgreSQL, Redis) and one gateway for the whole test run,
 * started by the first IT class that needs them and closed when the run ends (root store), however
 * many classes use them.
 */
public final class SharedStack implements BeforeAllCallback {
  private static EmbeddedStack stack;
  private static Gateway gateway;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
      .getOrComputeIfAbsent(SharedStack.class, key -> start(), Resource.class);
  }

  private static synchronized Resource start() {
    Path dir = Path.of(System.getProperty("eventgateway.stack.dir", "target/it-stack"));
    stack = EmbeddedStack.start(dir);
    forgetEarlierRuns();
    gateway = startGateway(Map.of());
    return new Resource();
  }

  /**
   * The stack's data outlives a run (the same directory, so a crashed run's processes can be reaped).
   * Rows an earlier run left pending (a test cut off mid-way) would be hours old here and make the
   * gateway shed on backlog age: every run starts from an empty outbox, no relay state and no test trigger.
   */
  private static void forgetEarlierRuns() {
    try (OutboxSql sql = new OutboxSql()) {
      sql.query("DO $$ BEGIN IF to_regclass('outbox') IS NOT NULL THEN"
        + " TRUNCATE outbox, relay_lease, relay_instance; " + SlowInserts.DROP + "; END IF; END $$");
    }
  }

  /** A Closeable so JUnit closes the stack once, after the last test of the run. */
  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      try {
        gateway.stop().await(30, TimeUnit.SECONDS);
      } finally {
        stack.close();
      }
    }
  }

  public static EmbeddedStack stack() {
    return stack;
  }

  public static Gateway gateway() {
    return gateway;
  }

  /** Config for a test gateway on the shared stack: ephemeral ports, fast poller, plus overrides. */
  public static GatewayConfig config(Map<String, String> overrides) {
    Map<String, Object> file = new HashMap<>();
    file.put("http.port", 0);
    file.put("management.port", 0);
    file.put("http.instances", 2);
    file.put("http.max-body-bytes", 65_536);
    file.put("http.max-batch-items", 100);
    file.put("pg.uri", stack.postgres().uri());
    file.put("redis.uri", stack.redis().uri());
    file.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
    file.put("relay.poll-interval", "500ms");
    file.put("routing.rules", java.util.List.of(Map.of("type", "com.example.order.*", "topic", "it-orders")));
    file.putAll(overrides);
    return GatewayConfig.from(new ConfigSource(file, Map.of(), "test"));
  }

  /** Starts again whatever backend a test stopped, so the next test finds the stack whole. */
  public static void restartStoppedBackends() {
    for (EmbeddedBackend backend : java.util.List.of(stack.postgres(), stack.kafka(), stack.redis())) {
      if (!backend.isRunning()) {
        backend.start();
      }
    }
  }

  public static Gateway startGateway(Map<String, String> overrides) {
    return Gateway.start(config(overrides)).await();
  }
}
