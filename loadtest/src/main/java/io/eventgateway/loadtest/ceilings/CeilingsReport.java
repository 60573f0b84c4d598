package io.eventgateway.loadtest.ceilings;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The results as a console table and as {@code ceilings.json}. */
final class CeilingsReport {
  private CeilingsReport() {
  }

  static String table(List<Ceiling> ceilings) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-9s %22s %9s %9s %10s %6s  %s%n", "component", "ceiling", "p50 ms",
      "p99 ms", "CPU us/op", "steal", "driven with"));
    for (Ceiling c : ceilings) {
      if (!c.ok()) {
        out.append(String.format(Locale.ROOT, "%-9s FAILED: %s%n", c.component(), c.error()));
        continue;
      }
      String rate = String.format(Locale.ROOT, "%,.0f %s/s", c.perSecond(), c.unit());
      String cpu = c.cpu() == null ? "?" : String.format(Locale.ROOT, "%.2f", c.cpuMicrosPerUnit());
      String steal = c.cpu() == null ? "?" : String.format(Locale.ROOT, "%.1f%%", c.cpu().stealPercent());
      out.append(String.format(Locale.ROOT, "%-9s %22s %9.2f %9.2f %10s %6s  %s%n", c.component(), rate, c.p50(),
        c.p99(), cpu, steal, c.setup()));
    }
    return out.toString();
  }

  /**
   * {@code {"measuredAt", "machine": {"cores", "java", "loadAverage"}, "<component>": {...}, ...,
   * "cpuFloors": {...}}}, one member per component (see {@link Ceiling#toJson()}) and the floors per
   * event that their CPU figures give ({@link CpuFloor#json}).
   */
  static JsonObject json(Instant measuredAt, Machine machine, List<Ceiling> ceilings) {
    JsonObject json = new JsonObject()
      .put("measuredAt", measuredAt.toString())
      .put("machine", machine.toJson());
    for (Ceiling c : ceilings) {
      json.put(c.component(), c.toJson());
    }
    return json.put("cpuFloors", CpuFloor.json(ceilings, machine.cores()));
  }

  /**
   * The machine the figures belong to. The load average at the start tells a reader whether something
   * else was running at the same time.
   */
  record Machine(int cores, String java, double loadAverage) {
    static Machine current() {
      return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    JsonObject toJson() {
      return new JsonObject().put("cores", cores).put("java", java)
        .put("loadAverage", Math.round(loadAverage * 100) / 100.0);
    }
  }
}
