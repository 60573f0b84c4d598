package io.eventgateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The production jar run as its own process against the shared stack, so a test can kill it the way an
 * operating system does (SIGKILL): no shutdown hook, no lease given back, sends cut off mid-flight.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;
  private final int managementPort;

  private GatewayProcess(Process process, int httpPort, int managementPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
  }

  static GatewayProcess start(Path log) throws IOException {
    return start(log, Map.of());
  }

  /** With {@code GATEWAY_*} overrides of its own on top of the shared stack's addresses. */
  static GatewayProcess start(Path log, Map<String, String> env) throws IOException {
    Path jar = Path.of("target", "event-gateway.jar");
    Path conf = Path.of("..", "conf", "gateway.yaml");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the package phase builds it before the ITs");
    }
    int http = freePort();
    int management = freePort();
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
      .toString(), "-Xmx256m", "-jar", jar.toString(), "start", "--config", conf.toString()))
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    builder.environment().putAll(Map.of(
      "GATEWAY_HTTP_PORT", Integer.toString(http),
      "GATEWAY_MANAGEMENT_PORT", Integer.toString(management),
      "GATEWAY_HTTP_INSTANCES", "1",
      "GATEWAY_PG_URI", SharedStack.stack().postgres().uri(),
      "GATEWAY_REDIS_URI", SharedStack.stack().redis().uri(),
      "GATEWAY_KAFKA_BOOTSTRAP_SERVERS", SharedStack.stack().kafka().bootstrapServers()));
    builder.environment().putAll(env);
    GatewayProcess gateway = new GatewayProcess(builder.start(), http, management);
    new ManagementClient(management).awaitReadyOrDown(Duration.ofSeconds(60), gateway.process::isAlive);
    return gateway;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The relay names its instance after the JVM ({@code pid@host-...}): how a test finds this one's leases. */
  long pid() {
    return process.pid();
  }

  int httpPort() {
    return httpPort;
  }

  int managementPort() {
    return managementPort;
  }

  /** SIGKILL: the process gets no chance to do anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
