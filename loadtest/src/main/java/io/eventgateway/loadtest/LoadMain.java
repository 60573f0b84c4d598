package io.eventgateway.loadtest;

import io.eventgateway.loadtest.report.HtmlReport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code bin/loadtest run <scenario> [options]}: runs a scenario from {@code conf/scenarios/} against
 * the embedded stack (default: real Kafka, PostgreSQL and Redis plus a gateway, started here) or an
 * existing gateway ({@code --target URL}, with {@code --kafka HOST:PORT} to verify delivery). Any
 * scenario key can be overridden: {@code --rate 8000 --duration 2m --batch-size 100}.
 * <p>Writes {@code summary.json}, {@code latency.hlog} and {@code report.html} under
 * {@code target/loadtest/<scenario>-<time>/}. Exit status: 0 passed, 1 a threshold failed, 3 the
 * generator fell behind (the run is invalid), 2 usage. Traffic goes only to the target; every run is
 * bounded by its schedule and stops by itself.
 */
public final class LoadMain {
  private static final int EXIT_THRESHOLD = 1;
  private static final int EXIT_USAGE = 2;
  private static final int EXIT_INVALID = 3;
  /** Items in an over-limit batch: above the gateway's default http.max-batch-items (1000). */
  private static final int OVER_LIMIT_ITEMS = 1001;
  /** Unmeasured traffic before every run, unless {@code --prewarm 0s}: see {@link #prewarm}. */
  private static final Duration PREWARM = Duration.ofSeconds(20);
  /** The pre-warm goes on past {@link #PREWARM} until both JVMs are hot, at most this long. */
  private static final Duration PREWARM_MAX = Duration.ofSeconds(90);
  /**
   * The pre-warm's events per second at most: enough to get both JITs going, low enough not to queue
   * behind a cold gateway. Batches are warmed as batches (their own code paths), at fewer requests.
   */
  private static final double PREWARM_MAX_RATE = 2000;

  private LoadMain() {
  }

  public static void main(String[] argv) throws Exception {
    System.exit(run(argv, System.out));
  }

  static int run(String[] argv, PrintStream out) throws Exception {
    if (argv.length < 2 || !argv[0].equals("run")) {
      out.println("usage: bin/loadtest run <scenario|file.yaml> [--target URL] [--kafka HOST:PORT] [--out DIR]"
        + " [--no-verify true] [--topics a,b] [--prewarm 20s] [--prewarm-max 90s] [--<scenario key> value ...]");
      return EXIT_USAGE;
    }
    Map<String, String> options = options(Arrays.copyOfRange(argv, 2, argv.length));
    String target = options.remove("target");
    String kafka = options.remove("kafka");
    boolean verify = !Boolean.parseBoolean(options.remove("no-verify"));
    List<String> topics = List.of(options.getOrDefault("topics", "events").split(","));
    options.remove("topics");
    Path outRoot = Path.of(options.getOrDefault("out", "target/loadtest"));
    options.remove("out");
    Duration prewarm = Durations.parse(options.getOrDefault("prewarm", PREWARM.toSeconds() + "s"));
    options.remove("prewarm");
    Duration prewarmMax = Durations.parse(options.getOrDefault("prewarm-max", PREWARM_MAX.toSeconds() + "s"));
    options.remove("prewarm-max");
    Scenario scenario = Scenario.load(scenarioFile(argv[1]), new HashMap<>(options));

    EmbeddedTarget embedded = null;
    if (target == null) {
      out.println("Starting the embedded stack and a gateway (state in target/loadtest-stack) ...");
      embedded = EmbeddedTarget.start(Path.of("target", "loadtest-stack"), scenario.gateway());
      target = embedded.target().toString();
      kafka = embedded.kafkaBootstrap();
    }
    if (!prewarm.isZero()) {
      prewarm(scenario, URI.create(target), prewarm, prewarmMax, out);
    }
    try {
      return execute(scenario, URI.create(target), verify ? kafka : null, topics, outRoot, embedded, out);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static int execute(Scenario scenario, URI target, String kafka, List<String> topics, Path outRoot,
                             EmbeddedTarget embedded, PrintStream out) throws Exception {
    String runId = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
      + UUID.randomUUID().toString().substring(0, 6);
    Path dir = outRoot.resolve(scenario.name() + "-" + runId);
    Files.createDirectories(dir);
    EventFactory events = new EventFactory(scenario, runId, OVER_LIMIT_ITEMS);
    DeliveryVerifier verifier = kafka == null ? null : new DeliveryVerifier(kafka, topics, events.source());
    if (verifier != null) {
      verifier.markStart();
    }
    Instant startedAt = Instant.now();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    RunRecorder recorder;
    // The outbox is sampled when a threshold needs it: a count of a large table is not free.
    OutboxSampler sampler = embedded != null && scenario.thresholds().outboxGrowth() != null
      ? new OutboxSampler(vertx, embedded.pgUri(), outboxSampleInterval(scenario)) : null;
    try (PrintStream hlog = new PrintStream(Files.newOutputStream(dir.resolve("latency.hlog")))) {
      HistogramLogWriter writer = new HistogramLogWriter(hlog);
      writer.outputLogFormatVersion();
      writer.outputStartTime(startedAt.toEpochMilli());
      writer.outputLegend();
      OpenLoopGenerator generator = new OpenLoopGenerator(vertx, scenario, target, events, verifier != null, out::println,
        writer);
      scheduleFaults(vertx, scenario, embedded, out);
      out.printf("Running %s: %s, %s for %s after a %s ramp-up -> %s%n", scenario.name(), scenario.description(),
        scenario.schedule().describe(), scenario.duration(), scenario.warmup(), target);
      Duration budget = scenario.warmup().plus(scenario.duration()).plusMinutes(2);
      recorder = generator.run().await(budget.toSeconds(), TimeUnit.SECONDS);
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    JsonObject delivery = null;
    if (verifier != null) {
      out.println("Verifying delivery on " + kafka + " " + topics + " ...");
      delivery = verifier.verify(recorder.ackedEvents(), Duration.ofMinutes(2), Duration.ofSeconds(15));
    }
    JsonObject summary = Summary.build(scenario, target.toString(), startedAt, recorder, delivery,
      sampler == null ? null : sampler.toJson());
    Files.writeString(dir.resolve("summary.json"), summary.encodePrettily());
    HtmlReport.write(summary, dir);
    out.print(Summary.table(summary));
    out.println("Files: " + dir.toAbsolutePath());
    if (recorder.generatorFellBehind()) {
      return EXIT_INVALID;
    }
    return summary.getBoolean("passed") ? 0 : EXIT_THRESHOLD;
  }

  /**
   * A JVM started a moment ago runs interpreted code while its JIT compiles on the same two cores: the
   * load generator's own (every run starts one), and a freshly started gateway's. Left alone, that
   * warm-up builds a backlog in the generator's connection pool that spills into the measured window
   * (an open model never drops a request). So, before the scenario, an unmeasured run at up to
   * {@link #PREWARM_MAX_RATE}, in the same JVM, from a source of its own that delivery checks leave
   * out. It lasts at least {@code min}, then until {@link WarmUpMonitor} finds both JVMs hot, at most
   * {@code max}; it ends once every request it sent was answered. Only its last line is shown.
   */
  private static void prewarm(Scenario scenario, URI target, Duration min, Duration max, PrintStream out)
      throws Exception {
    int batchSize = scenario.batchSize();
    double rate = Math.min(scenario.rate(), Math.max(1, PREWARM_MAX_RATE / batchSize));
    Duration ramp = Duration.ofSeconds(5);
    Duration longest = max.compareTo(min) > 0 ? max : min;
    Scenario warm = new Scenario(scenario.name() + "-prewarm", "JIT warm-up of the load generator and the gateway",
      ArrivalSchedule.constant(rate, longest.toSeconds()), rate, longest, ramp,
      scenario.transport(), scenario.connections(), scenario.eventBytes(), batchSize, 0, 0, scenario.keys(),
      new Scenario.Thresholds(null, null, null), List.of(), Map.of());
    out.printf("Pre-warming: %.0f requests/s of %d event(s) after a 5s ramp, for %ds to %ds until warm (not measured) ...%n",
      rate, batchSize, min.toSeconds(), longest.toSeconds());
    Double limit = scenario.thresholds().p99Ms();
    WarmUpMonitor monitor = new WarmUpMonitor(ramp.plus(min).toSeconds(), limit == null ? 100 : limit);
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    try {
      String[] last = {""};
      boolean[] settled = {false};
      long started = System.nanoTime();
      OpenLoopGenerator generator = new OpenLoopGenerator(vertx, warm, target, new EventFactory(warm,
        "prewarm-" + UUID.randomUUID().toString().substring(0, 6), OVER_LIMIT_ITEMS), false, line -> last[0] = line, null);
      // The generator's context is the one event loop: this check runs on the same thread as its timers.
      vertx.setPeriodic(1000, id -> {
        if (monitor.settled(generator.lastSecond(), jit.getTotalCompilationTime())) {
          settled[0] = true;
          generator.endNow();
          vertx.cancelTimer(id);
        }
      });
      generator.run().await(ramp.plus(longest).toSeconds() + 120, TimeUnit.SECONDS);
      long took = (System.nanoTime() - started) / 1_000_000_000L;
      out.println((settled[0] ? "Pre-warm done after " + took + "s" : "Pre-warm NOT settled after " + took
        + "s (JIT still busy or p99 over the limit); measuring anyway") + "; its last second: " + last[0]);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** About 120 samples a run, at least 5 s apart. */
  private static Duration outboxSampleInterval(Scenario scenario) {
    Duration run = scenario.warmup().plus(scenario.duration());
    return Duration.ofSeconds(Math.max(5, run.toSeconds() / 120));
  }

  private static void scheduleFaults(Vertx vertx, Scenario scenario, EmbeddedTarget embedded, PrintStream out) {
    for (Scenario.Fault fault : scenario.faults()) {
      if (embedded == null) {
        out.println("Skipping fault " + fault + ": faults need the embedded stack (no --target)");
        continue;
      }
      long delay = scenario.warmup().plus(fault.at()).toMillis();
      vertx.setTimer(delay, id -> vertx.executeBlocking(() -> {
        out.printf("FAULT: %s %s%n", fault.action(), fault.backend());
        embedded.apply(fault);
        return null;
      }).onFailure(e -> out.println("Fault " + fault + " failed: " + e)));
    }
  }

  private static Path scenarioFile(String name) {
    Path direct = Path.of(name);
    if (Files.exists(direct)) {
      return direct;
    }
    Path file = Path.of("conf", "scenarios", name + ".yaml");
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no scenario " + name + " (looked for " + file.toAbsolutePath() + ")");
    }
    return file;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
