package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuStealTest {
  @Test
  void readsTheAggregateLine() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    CpuSteal.Ticks ticks = CpuSteal.parse(List.of("cpu  100 5 20 300 10 1 4 60 7 0", "cpu0 50 2 10 150 5 0 2 30 3 0",
      "cpu1 50 3 10 150 5 1 2 30 4 0", "intr 1 2 3"));
    assertEquals(500, ticks.total());
    assertEquals(60, ticks.steal());
    assertEquals(310, ticks.idle());
    assertEquals(2, ticks.cpus());
    assertNull(CpuSteal.parse(List.of("intr 1 2 3")));
  }

  @Test
  void reportsTheShareOfTheWindow(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(stat, "cpu  100 0 0 300 0 0 0 100 0 0\ncpu0 1 2 3\n");
    CpuSteal steal = new CpuSteal(stat);
    steal.start();
    // Of 200 more ticks: 60 busy, 40 idle, 100 stolen.
    Files.writeString(stat, "cpu  150 0 10 340 0 0 0 200 0 0\ncpu0 1 2 3\n");
    JsonObject share = steal.sinceStart();
    assertEquals(50.0, share.getDouble("stealPercent"));
    assertEquals(30.0, share.getDouble("busyPercent"));
    CpuSteal.Shares shares = steal.shares();
    assertEquals(1, shares.cpus());
    assertEquals(0.3 * shares.seconds(), shares.busyCpuSeconds(), 1e-9);
  }

  @Test
  void nothingWithoutProcStat(@TempDir Path dir) {
    CpuSteal steal = new CpuSteal(dir.resolve("absent"));
    steal.start();
    assertNull(steal.sinceStart());
  }
}
