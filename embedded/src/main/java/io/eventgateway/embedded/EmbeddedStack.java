package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka, PostgreSQL and Redis servers as child processes on free loopback ports, for dev mode
 * and integration tests. Everything lives in one state directory: data, logs, pid files and
 * {@code stack.properties} with the chosen ports, which a later run on the same directory reuses.
 *
 * <p>Children never outlive the stack for long: {@link #close()} or a JVM shutdown hook ends them, and
 * leftovers of a JVM that died without running its hooks are killed by the next start on the same
 * state directory. Test code may stop, kill and restart each backend; it comes back on the same port
 * with the same data.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(Path.of("target/embedded-stack"))) {
 *   String bootstrap = stack.kafka().bootstrapServers();
 *   stack.postgres().kill();
 *   stack.postgres().start();
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  /** The shutdown hook must finish before the JVM gives up on it; the children get a short grace only. */
  private static final Duration HOOK_GRACE = Duration.ofSeconds(5);

  private final StateDirLock lock;
  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres postgres;
  private final EmbeddedRedis redis;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedStack(StateDirLock lock, Path stateDir, StackPorts ports, StackTuning tuning) {
    this.lock = lock;
    this.kafka = new EmbeddedKafka(stateDir,
        ports.get(StackPorts.KAFKA), ports.get(StackPorts.KAFKA_CONTROLLER), tuning);
    this.postgres = new EmbeddedPostgres(stateDir, ports.get(StackPorts.POSTGRES));
    this.redis = new EmbeddedRedis(stateDir, ports.get(StackPorts.REDIS));
    this.shutdownHook = new Thread(this::killOnExit, "embedded-stack-shutdown");
    // Load what the hook runs now: in dev mode the jars may be rebuilt under a running JVM, and a class
    // first needed at shutdown would then be missing, leaving the children running.
    preload(ProcessTree.class, ChildProcess.class);
  }

  /** {@link #start(Path, StackTuning)} tuned to start quickly, as tests want. */
  public static EmbeddedStack start(Path stateDir) {
    return start(stateDir, StackTuning.QUICK_START);
  }

  /**
   * Starts Kafka, PostgreSQL and Redis in parallel with their state in {@code stateDir} (created if
   * missing) and returns when all three serve requests. On failure, whatever started is stopped again
   * and the exception message carries the end of the failing backend's log.
   */
  public static EmbeddedStack start(Path stateDir, StackTuning tuning) {
    long started = System.nanoTime();
    Path dir = createAndResolve(stateDir);
    StateDirLock lock = StateDirLock.acquire(dir);
    EmbeddedStack stack;
    try {
      Leftovers.reap(dir);
      stack = new EmbeddedStack(lock, dir, StackPorts.loadOrAllocate(dir), tuning);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.forEachInParallel(EmbeddedBackend::start);
    } catch (RuntimeException e) {
      try {
        stack.close();
      } catch (RuntimeException duringClose) {
        e.addSuppressed(duringClose);
      }
      throw e;
    }
    LOG.info("Embedded stack ready in {} ms, state in {}", Duration.ofNanos(System.nanoTime() - started).toMillis(),
        dir);
    return stack;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  public EmbeddedRedis redis() {
    return redis;
  }

  /** Stops all backends gracefully in parallel (each waits a bounded time, then kills). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook is running or about to.
    }
    try {
      forEachInParallel(EmbeddedBackend::stop);
    } finally {
      lock.close();
    }
  }

  private List<EmbeddedBackend> backends() {
    return List.of(kafka, postgres, redis);
  }

  /** Runs the action on every backend at once; rethrows the first failure with the others suppressed. */
  private void forEachInParallel(Consumer<EmbeddedBackend> action) {
    ExecutorService executor = Executors.newFixedThreadPool(backends().size(), runnable -> {
      Thread thread = new Thread(runnable, "embedded-stack");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (EmbeddedBackend backend : backends()) {
        futures.add(executor.submit(() -> action.accept(backend)));
      }
      RuntimeException failure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
              : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Shutdown hook: the JVM is exiting without close(). Goes straight to the processes rather than
   * through the backends, whose monitors a start() in progress may hold for a minute.
   */
  private void killOnExit() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<Thread> stoppers = new ArrayList<>();
    for (ChildProcess process : List.of(kafka.process(), postgres.process(), redis.process())) {
      Thread stopper = new Thread(() -> process.stop(HOOK_GRACE), "embedded-stack-stop");
      stopper.start();
      stoppers.add(stopper);
    }
    for (Thread stopper : stoppers) {
      try {
        stopper.join(HOOK_GRACE.plusSeconds(15).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void preload(Class<?>... classes) {
    for (Class<?> type : classes) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Path createAndResolve(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      // The real path: it is what the children's command lines show, and what leftovers are matched on.
      return stateDir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create state directory " + stateDir, e);
    }
  }
}
