package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server listening on 127.0.0.1 only (no unix socket), trust authentication,
 * user {@code postgres}, database {@code eventgateway}. Data is fsynced and survives stop and kill.
 */
public final class EmbeddedPostgres extends ProcessBackend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  static final String USER = "postgres";
  static final String DATABASE = "eventgateway";
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final int port;
  private final Path pgDir;
  private final Path dataDir;
  private final RunAsNobody runAs = RunAsNobody.forCurrentUser();

  EmbeddedPostgres(Path stateDir, int port) {
    // SIGINT is postgres' fast shutdown; SIGTERM would wait for every client to disconnect.
    super("postgres", stateDir, ChildProcess.StopSignal.INT, STOP_GRACE);
    this.port = port;
    this.pgDir = stateDir.resolve("postgres");
    this.dataDir = pgDir.resolve("data");
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/eventgateway}. */
  public String uri() {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + DATABASE;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void start() {
    if (process().isAlive()) {
      return;
    }
    long started = System.nanoTime();
    Path bin = PostgresBinaries.ensure().resolve("bin");
    runAs.makeAncestorsPassable(bin);
    if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
      initdb(bin);
    }
    runAs.own(dataDir);
    removeStaleLockFile();
    process().launch(runAs.wrap(List.of(bin.resolve("postgres").toString(),
        "-D", dataDir.toString(),
        "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "fsync=on",
        "-c", "shared_buffers=64MB",
        "-c", "max_connections=100",
        "-c", "huge_pages=off")), env());
    Readiness.await(process(), READY_TIMEOUT, this::probe);
    LOG.info("Embedded PostgreSQL ready at {} in {} ms (log: {})",
        uri(), Duration.ofNanos(System.nanoTime() - started).toMillis(), process().logFile());
  }

  /**
   * initdb into a sibling directory that is renamed into place when complete, so an interrupted
   * first start never leaves a half-initialised data directory behind.
   */
  private void initdb(Path bin) {
    Path temp = pgDir.resolve("data.initdb");
    try {
      CachedBinaries.deleteTree(temp);
      Files.createDirectories(temp);
      runAs.own(temp);
      process().runToCompletion(runAs.wrap(List.of(bin.resolve("initdb").toString(),
          "-D", temp.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C",
          // The server runs with fsync=on; syncing initdb's files too only slows every first start.
          "--no-sync", "--no-instructions")), env(), INITDB_TIMEOUT);
      Files.move(temp, dataDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot initialise " + dataDir, e);
    }
  }

  /**
   * postgres refuses to start while postmaster.pid names a live process. After a crash that is either
   * a leftover postmaster of ours (killed here) or an unrelated process that reused the pid; either way
   * the file is stale and removed. A dead pid is left alone: postgres then removes the file and the old
   * shared memory segment itself.
   */
  private void removeStaleLockFile() {
    Path lock = dataDir.resolve("postmaster.pid");
    OptionalLong pid = lockFilePid(lock);
    if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
      Leftovers.killIfOurs(pid.getAsLong(), dataDir, lock);
      PidFile.delete(lock);
    }
  }

  static OptionalLong lockFilePid(Path lock) {
    try {
      // First line: the postmaster's pid; then data dir, start time, port, socket dir, shared memory key.
      List<String> lines = Files.exists(lock) ? Files.readAllLines(lock) : List.of();
      return lines.isEmpty() ? OptionalLong.empty() : PidFile.parse(lines.get(0));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** Ready = the server accepts a login, and database eventgateway exists. */
  private void probe() throws IOException {
    try (PgWire wire = PgWire.connect(port, USER, "postgres")) {
      if (wire.query("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").isEmpty()) {
        wire.query("CREATE DATABASE " + DATABASE);
      }
    }
    try (PgWire wire = PgWire.connect(port, USER, DATABASE)) {
      wire.query("SELECT 1");
    }
  }

  private static Map<String, String> env() {
    // Deterministic messages and no complaint about a locale the machine lacks.
    return Map.of("LC_ALL", "C", "LANG", "C");
  }
}
