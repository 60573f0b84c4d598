package io.eventgateway.loadtest;

import io.eventgateway.app.Gateway;
import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import io.eventgateway.embedded.EmbeddedBackend;
import io.eventgateway.embedded.EmbeddedStack;
import io.eventgateway.embedded.StackTuning;
import io.eventgateway.loadtest.Scenario.Fault;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The default target: real Kafka, PostgreSQL and Redis started as child processes and a gateway on
 * them (on its own Vert.x instance in this JVM), so a scenario runs with no set-up at all. Backend
 * faults (stop, kill, start) are applied to the real processes.
 */
final class EmbeddedTarget implements AutoCloseable {
  private final EmbeddedStack stack;
  private final Gateway gateway;

  private EmbeddedTarget(EmbeddedStack stack, Gateway gateway) {
    this.stack = stack;
    this.gateway = gateway;
  }

  /** {@code overrides}: the scenario's {@code gateway:} keys, over the defaults. */
  static EmbeddedTarget start(Path stateDir, Map<String, String> overrides) throws Exception {
    EmbeddedStack stack = EmbeddedStack.start(stateDir, StackTuning.STEADY_STATE);
    try {
      Map<String, Object> keys = new HashMap<>(overrides);
      keys.putAll(Map.of(
        "http.port", 0,
        "management.port", 0,
        "pg.uri", stack.postgres().uri(),
        "redis.uri", stack.redis().uri(),
        "kafka.bootstrap.servers", stack.kafka().bootstrapServers()));
      GatewayConfig config = GatewayConfig.from(new ConfigSource(keys, Map.of(), "load test"));
      return new EmbeddedTarget(stack, Gateway.start(config).await(2, TimeUnit.MINUTES));
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  URI target() {
    return URI.create("http://127.0.0.1:" + gateway.httpPort());
  }

  String pgUri() {
    return stack.postgres().uri();
  }

  String kafkaBootstrap() {
    return stack.kafka().bootstrapServers();
  }

  /** Blocking: call from a worker, never an event loop. */
  void apply(Fault fault) {
    EmbeddedBackend backend = switch (fault.backend()) {
      case "kafka" -> stack.kafka();
      case "postgres", "postgresql" -> stack.postgres();
      case "redis" -> stack.redis();
      default -> throw new IllegalArgumentException("unknown backend " + fault.backend());
    };
    switch (fault.action()) {
      case "stop" -> backend.stop();
      case "kill" -> backend.kill();
      case "start" -> backend.start();
      case "flush" -> stack.redis().flushAll();
      default -> throw new IllegalArgumentException("unknown fault action " + fault.action());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.stop().await(30, TimeUnit.SECONDS);
    } finally {
      stack.close();
    }
  }
}
