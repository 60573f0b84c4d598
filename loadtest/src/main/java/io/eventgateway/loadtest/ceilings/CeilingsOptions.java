package io.eventgateway.loadtest.ceilings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link CeilingsMain}:
 * {@code [--seconds N] [--out DIR] [--max-ops N] [--kafka HOST:PORT --pg-uri URI --redis-uri URI]}.
 * The three backend addresses go together: all given means no embedded stack is started.
 */
record CeilingsOptions(int seconds, Path out, long maxOps, String kafka, String pgUri, String redisUri) {
  static final String USAGE = "usage: ceilings [--seconds N] [--out DIR] [--max-ops N] "
    + "[--kafka HOST:PORT --pg-uri URI --redis-uri URI]";
  private static final List<String> KNOWN = List.of("seconds", "out", "max-ops", "kafka", "pg-uri", "redis-uri");

  static CeilingsOptions parse(String... argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i].startsWith("--") ? argv[i].substring(2) : null;
      if (name == null || !KNOWN.contains(name) || i + 1 >= argv.length) {
        throw new IllegalArgumentException("unexpected argument " + argv[i] + "\n" + USAGE);
      }
      args.put(name, argv[++i]);
    }
    int seconds = positive(args.getOrDefault("seconds", "10"), "--seconds");
    long maxOps = positive(args.getOrDefault("max-ops", "20000000"), "--max-ops");
    Path out = Path.of(args.getOrDefault("out", "target/loadtest/ceilings"));
    String kafka = args.get("kafka");
    String pg = args.get("pg-uri");
    String redis = args.get("redis-uri");
    int given = (kafka == null ? 0 : 1) + (pg == null ? 0 : 1) + (redis == null ? 0 : 1);
    if (given != 0 && given != 3) {
      throw new IllegalArgumentException("--kafka, --pg-uri and --redis-uri go together (or none, for the embedded "
        + "stack)\n" + USAGE);
    }
    return new CeilingsOptions(seconds, out, maxOps, kafka, pg, redis);
  }

  boolean externalBackends() {
    return kafka != null;
  }

  Plan plan() {
    return Plan.forSeconds(seconds, maxOps);
  }

  private static int positive(String text, String name) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, not " + text);
  }
}
