package io.eventgateway.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {

  @Test
  void recognisesOwnProcessesByTheStateDirInTheirCommandLine() {
    Path dir = Path.of("/work/state");
    assertTrue(Leftovers.isOurs(Optional.of("/usr/bin/redis-server --dir /work/state/redis"), dir));
    assertFalse(Leftovers.isOurs(Optional.of("/usr/bin/redis-server --dir /elsewhere/redis"), dir));
    assertFalse(Leftovers.isOurs(Optional.empty(), dir));
  }

  @Test
  void killsLeftoverTreesNamingTheStateDirAndSparesOthers(@TempDir Path tmp) throws Exception {
    Path dir = tmp.toRealPath();
    // "; :" keeps sh from exec-ing sleep, so there is a tree; $0 puts the state dir in sh's command line.
    Process ours = new ProcessBuilder("sh", "-c", "sleep 30; :", dir.resolve("x").toString()).start();
    Process stranger = new ProcessBuilder("sleep", "30").start();
    try {
      awaitChild(ours);
      PidFile.write(dir.resolve("ours.pid"), ours.pid());
      PidFile.write(dir.resolve("stranger.pid"), stranger.pid());
      Files.writeString(dir.resolve("garbage.pid"), "not a pid");
      ProcessHandle sleeper = ours.toHandle().children().findFirst().orElseThrow();

      Leftovers.reap(dir);

      assertTrue(ours.waitFor(5, TimeUnit.SECONDS), "leftover killed");
      assertTrue(ProcessTree.awaitExit(sleeper, System.nanoTime() + Duration.ofSeconds(5).toNanos()),
          "its child killed too");
      assertTrue(stranger.isAlive(), "unrelated process spared");
      try (var files = Files.list(dir)) {
        assertFalse(files.anyMatch(p -> p.toString().endsWith(".pid")), "pid files removed");
      }
    } finally {
      ours.destroyForcibly();
      stranger.destroyForcibly();
    }
  }

  private static void awaitChild(Process process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (process.toHandle().children().findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
