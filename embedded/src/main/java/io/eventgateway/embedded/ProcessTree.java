package io.eventgateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Signals and waits on whole process trees (postgres forks a process per connection). */
final class ProcessTree {

  private ProcessTree() {}

  /**
   * SIGKILLs the process and every descendant, then waits for them to be gone. Descendants are listed
   * before the parent dies: once it is dead they are re-parented and no longer found through it.
   */
  static void kill(ProcessHandle root, Duration wait) {
    List<ProcessHandle> tree = root.descendants().collect(Collectors.toList());
    root.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + wait.toNanos();
    awaitExit(root, deadline);
    tree.forEach(p -> awaitExit(p, deadline));
  }

  /**
   * Waits until the process has exited or the deadline passed; returns whether it exited. Polls, as
   * {@code onExit()} of a process that is not our direct child (postgres backends) reacts only after
   * a second or two.
   */
  static boolean awaitExit(ProcessHandle process, long deadlineNanos) {
    while (process.isAlive() && !isZombie(process.pid())) {
      if (System.nanoTime() - deadlineNanos > 0) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !process.isAlive();
      }
    }
    return true;
  }

  /**
   * A zombie has exited and holds no ports or files; it only waits to be reaped by its parent, which for
   * orphaned postgres backends is an init process that may take its time.
   */
  static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the state follows the last ')', as comm may contain anything.
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends SIGINT. The JDK can only send SIGTERM and SIGKILL, and postgres needs SIGINT for its fast
   * shutdown (SIGTERM would wait for every client to disconnect).
   */
  static void interrupt(long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run kill -INT " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command line of a live process, arguments separated by spaces, or empty if unreadable. */
  static Optional<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
