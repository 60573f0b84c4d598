package io.eventgateway.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The lifecycle every backend shares: one {@link ChildProcess}, stopped within a grace period or
 * killed. Kept in one place so the backends cannot drift apart in how they stop or lock; each
 * subclass adds only what differs: its {@code synchronized} {@link #start()}, its readiness probe and
 * how clients reach it.
 *
 * <p>{@link #stop()} and {@link #kill()} hold this backend's monitor, like {@code start()}, so they
 * never interleave with a start in progress. {@link #isRunning()}, {@link #name()} and
 * {@link #process()} do not, so they answer at once even while a start holds the monitor.
 *
 * <p>The public methods are deliberately not {@code final}: only then does javac give each public
 * subclass its own public copies, so reflection from other packages still reaches them on a
 * backend although this class is not public.
 */
abstract class ProcessBackend implements EmbeddedBackend {

  private final String name;
  private final Duration stopGrace;
  private final ChildProcess process;

  /**
   * @param stopSignal how this server asks to be shut down gracefully
   * @param stopGrace how long {@link #stop()} waits after that signal before killing
   */
  ProcessBackend(String name, Path stateDir, ChildProcess.StopSignal stopSignal, Duration stopGrace) {
    this.name = name;
    this.stopGrace = stopGrace;
    this.process = new ChildProcess(name, stateDir, stopSignal);
  }

  @Override
  public synchronized void stop() {
    process.stop(stopGrace);
  }

  @Override
  public synchronized void kill() {
    process.kill();
  }

  @Override
  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public String name() {
    return name;
  }

  /** For the stack's shutdown hook, which must not wait for this backend's monitor. */
  final ChildProcess process() {
    return process;
  }
}
