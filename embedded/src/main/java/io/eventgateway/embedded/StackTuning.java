package io.eventgateway.embedded;

import java.util.List;

/**
 * How the embedded servers run. Tests want a stack that starts in seconds and stays small; dev mode
 * and load tests want one that runs as a server would, since their figures are read as the gateway's.
 */
public enum StackTuning {
  /** A small broker heap and no C2: a test broker is up quickly and never gets hot enough to need it. */
  QUICK_START(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
  /**
   * The broker's JVM as {@code kafka-server-start.sh} sets it up (G1 with a 20 ms pause goal, 1 GB heap,
   * C2). Once warm it takes about 0.6x the CPU per event of the C1-only test broker; its first minute
   * compiles more.
   */
  STEADY_STATE(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
      "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent"));

  private final List<String> brokerJvmOptions;

  StackTuning(List<String> brokerJvmOptions) {
    this.brokerJvmOptions = brokerJvmOptions;
  }

  /** The Kafka broker's heap, collector and compiler options. */
  List<String> brokerJvmOptions() {
    return brokerJvmOptions;
  }
}
