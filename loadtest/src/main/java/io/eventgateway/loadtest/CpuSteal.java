package io.eventgateway.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How much of the machine's CPU time the hypervisor took ("steal", from the first line of
 * {@code /proc/stat}) while a run was measured. On a shared virtual machine steal comes and goes: at
 * 50 % the processes under test get half the CPU they ask for, throughput falls while every process
 * looks idle, and the figures say nothing about the gateway. The summary reports it so such a run can be
 * told from a slow gateway. Where {@code /proc/stat} does not exist nothing is reported.
 */
public final class CpuSteal {
  /** Above this share of the machine's CPU time, the run's figures are flagged as not comparable. */
  static final double NOTABLE_PERCENT = 5;
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** Cumulative ticks: every state counted in the total, and steal on its own; and how many CPUs counted. */
  record Ticks(long total, long steal, long idle, int cpus) {
  }

  private final Path source;
  private Ticks start;
  private long startNanos;

  public CpuSteal() {
    this(PROC_STAT);
  }

  CpuSteal(Path source) {
    this.source = source;
  }

  /**
   * Shares of the machine's CPU time, in per cent: taken by the hypervisor, and busy in this machine;
   * over a window of so many seconds on so many CPUs.
   */
  public record Shares(double stealPercent, double busyPercent, int cpus, double seconds) {
    /** CPU-seconds spent busy in the window, summed over every CPU and process. */
    public double busyCpuSeconds() {
      return busyPercent / 100 * cpus * seconds;
    }
  }

  /** Marks the start of the measured window. */
  public void start() {
    start = read(source);
    startNanos = System.nanoTime();
  }

  /** The shares of the machine's CPU time since {@link #start}, or null where not known. */
  public Shares shares() {
    Ticks end = read(source);
    if (start == null || end == null || end.total() <= start.total()) {
      return null;
    }
    double total = end.total() - start.total();
    double steal = 100 * (end.steal() - start.steal()) / total;
    double busy = 100 * (total - (end.idle() - start.idle()) - (end.steal() - start.steal())) / total;
    return new Shares(steal, busy, end.cpus(), (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * {@code stealPercent} and {@code busyPercent} of the machine's CPU time since {@link #start}, and the
   * {@code busyCpuSeconds} they come to; or null.
   */
  JsonObject sinceStart() {
    Shares shares = shares();
    return shares == null ? null : new JsonObject()
      .put("stealPercent", round(shares.stealPercent()))
      .put("busyPercent", round(shares.busyPercent()))
      .put("busyCpuSeconds", Math.round(shares.busyCpuSeconds() * 1000) / 1000.0);
  }

  /**
   * Parses the aggregate line: {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}.
   * Guest time is already counted in user and nice, so it is left out of the total. The CPUs are the
   * {@code cpuN} lines after it.
   */
  static Ticks parse(List<String> lines) {
    String[] f = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
    if (f.length < 9 || !f[0].equals("cpu")) {
      return null;
    }
    long[] v = Arrays.stream(f, 1, 9).mapToLong(Long::parseLong).toArray();
    long idle = v[3] + v[4];
    int cpus = (int) lines.stream().filter(line -> line.matches("cpu\\d+\\s.*")).count();
    return new Ticks(Arrays.stream(v).sum(), v[7], idle, Math.max(1, cpus));
  }

  private static Ticks read(Path source) {
    try {
      return Files.exists(source) ? parse(Files.readAllLines(source)) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }
}
