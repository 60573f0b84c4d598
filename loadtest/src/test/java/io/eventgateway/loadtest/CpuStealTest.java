package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuStealTest {
  @Test
  void readsTheAggregateLine() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    CpuSteal.Ticks ticks = CpuSteal.parse("cpu  100 5 20 300 10 1 4 60 7 0");
    assertEquals(500, ticks.total());
    assertEquals(60, ticks.steal());
    assertEquals(310, ticks.idle());
    assertNull(CpuSteal.parse("intr 1 2 3"));
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
  }

  @Test
  void nothingWithoutProcStat(@TempDir Path dir) {
    CpuSteal steal = new CpuSteal(dir.resolve("absent"));
    steal.start();
    assertNull(steal.sinceStart());
  }
}
