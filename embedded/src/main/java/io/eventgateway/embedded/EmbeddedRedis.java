package io.eventgateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server (the Linux binary shipped in the embedded-redis jar) without persistence: the
 * gateway must cope with Redis losing everything, so a restart starts empty on purpose.
 */
public final class EmbeddedRedis extends ProcessBackend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final int port;
  private final Path workDir;

  EmbeddedRedis(Path stateDir, int port) {
    super("redis", stateDir, ChildProcess.StopSignal.TERM, STOP_GRACE);
    this.port = port;
    this.workDir = stateDir.resolve("redis");
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Deletes every key ({@code FLUSHALL}), for tests that need an empty Redis. */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Runs one command (e.g. {@code SET k v}) and returns its one-line reply, for tests that plant state. */
  public String command(String... args) {
    try {
      return Resp.command(port, args);
    } catch (IOException e) {
      throw new UncheckedIOException(args[0] + " on " + uri() + " failed", e);
    }
  }

  @Override
  public synchronized void start() {
    if (process().isAlive()) {
      return;
    }
    long started = System.nanoTime();
    Path binary = binary();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process().launch(List.of(binary.toString(),
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", workDir.toString(),
        // Keep argv as is: the leftover check finds our processes by the state dir in their command line.
        "--set-proc-title", "no"), Map.of());
    Readiness.await(process(), READY_TIMEOUT, () -> {
      String reply = Resp.command(port, "PING");
      if (!"PONG".equals(reply)) {
        throw new IOException("PING answered " + reply);
      }
    });
    LOG.info("Embedded Redis ready at {} in {} ms (log: {})",
        uri(), Duration.ofNanos(System.nanoTime() - started).toMillis(), process().logFile());
  }

  /** Copies redis-server out of the embedded-redis jar once per machine. */
  private static Path binary() {
    String name = CachedBinaries.version("redis.binary");
    Path dir = CachedBinaries.ensure(CachedBinaries.cacheDir("event-gateway-" + name), temp -> {
      Path target = temp.resolve("redis-server");
      try (InputStream in = CachedBinaries.resource(name)) {
        Files.copy(in, target);
      }
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    });
    return dir.resolve("redis-server");
  }
}
