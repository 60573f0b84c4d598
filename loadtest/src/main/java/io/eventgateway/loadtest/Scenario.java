package io.eventgateway.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A load scenario from {@code conf/scenarios/<name>.yaml}, with command-line overrides applied. Every
 * field has a default, so a scenario file names only what makes it different.
 */
public record Scenario(
  String name,
  String description,
  ArrivalSchedule schedule,
  double rate,
  Duration duration,
  Duration warmup,
  Transport transport,
  int connections,
  int eventBytes,
  int batchSize,
  double oversizeShare,
  double duplicateShare,
  int keys,
  Thresholds thresholds,
  List<Fault> faults,
  Map<String, String> gateway) {

  /**
   * How requests reach the gateway: HTTP POSTs over a pool of {@code connections}, or text messages over
   * {@code connections} WebSockets ({@code /events/ws}), each message answered by its per-event acks.
   */
  public enum Transport { HTTP, WEBSOCKET }

  /**
   * Pass/fail limits; a run breaching any of them exits non-zero. Null means "not checked".
   * {@code outboxGrowth}: the outbox's largest size in the run's last third over its largest in the
   * middle third (embedded mode, where the outbox is sampled).
   */
  public record Thresholds(Double p99Ms, Double errorRate, Long lost, Double outboxGrowth) {
    public Thresholds(Double p99Ms, Double errorRate, Long lost) {
      this(p99Ms, errorRate, lost, null);
    }
  }

  /** Stops, kills or starts one embedded backend at a time into the run (embedded mode only). */
  public record Fault(Duration at, String backend, String action) {
  }

  public static Scenario load(Path file, Map<String, String> overrides) {
    Map<String, Object> map = new HashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (root instanceof Map<?, ?> m) {
        m.forEach((k, v) -> map.put(k.toString(), v));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario " + file + ": " + e.getMessage(), e);
    }
    overrides.forEach(map::put);
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return fromMap(name, map);
  }

  private static final java.util.Set<String> KEYS = java.util.Set.of("description", "rate", "duration", "warmup",
    "connections", "event-bytes", "batch-size", "oversize-share", "duplicate-share", "keys", "schedule",
    "thresholds", "faults", "gateway", "transport");

  @SuppressWarnings("unchecked")
  static Scenario fromMap(String name, Map<String, Object> map) {
    List<String> unknown = map.keySet().stream().filter(k -> !KEYS.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown scenario key(s) " + unknown + "; known: " + new java.util.TreeSet<>(KEYS));
    }
    double rate = number(map, "rate", 1000);
    Duration duration = Durations.parse(String.valueOf(map.getOrDefault("duration", "30s")));
    Map<String, Object> schedule = map.get("schedule") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
    Map<String, Object> limits = map.get("thresholds") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
    List<Fault> faults = new ArrayList<>();
    if (map.get("faults") instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> f = (Map<String, Object>) item;
        faults.add(new Fault(Durations.parse(f.get("at").toString()), f.get("backend").toString(),
          f.get("action").toString()));
      }
    }
    return new Scenario(
      name,
      String.valueOf(map.getOrDefault("description", name)),
      ArrivalSchedule.fromMap(schedule, rate, duration.toMillis() / 1000.0),
      rate,
      duration,
      Durations.parse(String.valueOf(map.getOrDefault("warmup", "10s"))),
      transport(map),
      (int) number(map, "connections", 64),
      (int) number(map, "event-bytes", 300),
      (int) number(map, "batch-size", 1),
      number(map, "oversize-share", 0),
      number(map, "duplicate-share", 0),
      (int) number(map, "keys", 1024),
      new Thresholds(optional(limits, "p99-ms"), optional(limits, "error-rate"),
        limits.get("lost") == null ? null : (long) number(limits, "lost", 0), optional(limits, "outbox-growth")),
      faults,
      gatewayOverrides(map.get("gateway")));
  }

  /** {@code gateway:}: configuration keys for the embedded gateway (as in conf/gateway.yaml, flattened). */
  private static Map<String, String> gatewayOverrides(Object section) {
    Map<String, String> flat = new java.util.TreeMap<>();
    if (section instanceof Map<?, ?> m) {
      flatten("", m, flat);
    }
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> flat) {
    map.forEach((k, v) -> {
      if (v instanceof Map<?, ?> nested) {
        flatten(prefix + k + ".", nested, flat);
      } else {
        flat.put(prefix + k, String.valueOf(v));
      }
    });
  }

  private static Transport transport(Map<String, Object> map) {
    String value = String.valueOf(map.getOrDefault("transport", "http"));
    try {
      return Transport.valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("transport must be http or websocket, was " + value);
    }
  }

  private static double number(Map<String, Object> map, String key, double fallback) {
    Object v = map.get(key);
    return v == null ? fallback : Double.parseDouble(v.toString());
  }

  private static Double optional(Map<String, Object> map, String key) {
    Object v = map.get(key);
    return v == null ? null : Double.valueOf(v.toString());
  }
}
