package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends children of an earlier run whose JVM died without running its shutdown hook (SIGKILL, crash),
 * found through the pid files that run left in the state directory.
 */
final class Leftovers {

  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private Leftovers() {}

  static void reap(Path stateDir) {
    try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(stateDir, "*" + PidFile.SUFFIX)) {
      for (Path pidFile : pidFiles) {
        PidFile.read(pidFile).ifPresent(pid -> killIfOurs(pid, stateDir, pidFile));
        PidFile.delete(pidFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills {@code pid} (and its descendants) only if its command line names this state directory:
   * after a reboot or long enough, the pid may belong to an unrelated process.
   */
  static boolean killIfOurs(long pid, Path stateDir, Path reason) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || !isOurs(ProcessTree.commandLine(pid), stateDir)) {
      return false;
    }
    LOG.warn("Killing leftover process {} of an earlier run (from {})", pid, reason);
    ProcessTree.kill(process.get(), KILL_WAIT);
    return true;
  }

  static boolean isOurs(Optional<String> commandLine, Path stateDir) {
    return commandLine.map(cmd -> cmd.contains(stateDir.toString())).orElse(false);
  }
}
