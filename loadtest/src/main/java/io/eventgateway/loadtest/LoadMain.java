package io.eventgateway.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/loadtest}: drives a running gateway at a fixed arrival rate (open model) and reports
 * latency measured from each request's intended start, so a stalled server cannot hide its stalls.
 * <pre>
 *   bin/loadtest --target http://127.0.0.1:8080 --rate 5000 --duration 30s --warmup 5s [--connections 64]
 *                [--event-bytes 300]
 * </pre>
 * Traffic goes only where --target says; the run is bounded by --duration and stops by itself.
 */
public final class LoadMain {
  private LoadMain() {
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    LoadPlan plan = new LoadPlan(
      args.getOrDefault("target", "http://127.0.0.1:8080"),
      Integer.parseInt(args.getOrDefault("rate", "1000")),
      duration(args.getOrDefault("duration", "30s")),
      duration(args.getOrDefault("warmup", "5s")),
      Integer.parseInt(args.getOrDefault("connections", "64")),
      Integer.parseInt(args.getOrDefault("event-bytes", "300")));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      LoadReport report = new OpenLoopGenerator(vertx, plan).run()
        .await(plan.warmup().plus(plan.duration()).toSeconds() + 60, TimeUnit.SECONDS);
      System.out.println(report.render(plan));
      System.exit(report.generatorFellBehind() ? 3 : 0);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  static Duration duration(String text) {
    String t = text.trim();
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --key value pairs, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[++i]);
    }
    return args;
  }
}
