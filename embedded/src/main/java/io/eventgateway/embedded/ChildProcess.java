package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One backend's OS process: launched with its output appended to a log file (so test output stays
 * readable), its pid recorded in a pid file, and ended gracefully or by force.
 */
final class ChildProcess {

  /** How a backend wants to be asked to shut down. */
  enum StopSignal { TERM, INT }

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Path logFile;
  private final Path pidFile;
  private final StopSignal stopSignal;
  private Process process;

  ChildProcess(String name, Path stateDir, StopSignal stopSignal) {
    this.name = name;
    this.logFile = stateDir.resolve(name + ".log");
    this.pidFile = stateDir.resolve(name + PidFile.SUFFIX);
    this.stopSignal = stopSignal;
  }

  Path logFile() {
    return logFile;
  }

  synchronized void launch(List<String> command, Map<String, String> env) {
    appendToLog("=== " + Instant.now() + " starting " + name + ": " + describe(command));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
    }
    PidFile.write(pidFile, process.pid());
  }

  /**
   * Runs a one-shot setup command (initdb, storage format) to completion with the same log and pid
   * file, failing with the end of the log if it does not exit with 0 in time.
   */
  synchronized void runToCompletion(List<String> command, Map<String, String> env, Duration timeout) {
    launch(command, env);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new IllegalStateException(failure("'" + command.get(0) + "' did not finish within " + timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException(name + ": interrupted", e);
    }
    int exit = process.exitValue();
    kill();
    if (exit != 0) {
      throw new IllegalStateException(failure("'" + describe(command) + "' exited with code " + exit));
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Exit code of a process that has ended, for failure messages. */
  synchronized String exitDescription() {
    if (process == null) {
      return "was never started";
    }
    return process.isAlive() ? "is still running" : "exited with code " + process.exitValue();
  }

  /** Asks the process to shut down, waits up to {@code grace}, then kills the whole tree. */
  synchronized void stop(Duration grace) {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      if (stopSignal == StopSignal.INT) {
        ProcessTree.interrupt(process.pid());
      } else {
        process.destroy();
      }
      if (!ProcessTree.awaitExit(process.toHandle(), System.nanoTime() + grace.toNanos())) {
        appendToLog("=== " + Instant.now() + " " + name + " did not stop within " + grace + ", killing it");
      }
    }
    // Kills what is still there after the grace period, and clears the pid file either way.
    kill();
  }

  synchronized void kill() {
    if (process == null) {
      return;
    }
    ProcessTree.kill(process.toHandle(), KILL_WAIT);
    PidFile.delete(pidFile);
    process = null;
  }

  /** A failure message with the end of the child's log, which usually tells why. */
  String failure(String what) {
    return name + ": " + what + "\n--- last " + LogTail.LINES + " lines of " + logFile + " ---\n"
        + LogTail.of(logFile);
  }

  /** The command for messages, with very long arguments (the broker classpath) shortened. */
  static String describe(List<String> command) {
    return command.stream()
        .map(arg -> arg.length() > 200 ? arg.substring(0, 60) + "...(" + arg.length() + " chars)" : arg)
        .collect(Collectors.joining(" "));
  }

  private void appendToLog(String line) {
    try {
      Files.writeString(logFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
