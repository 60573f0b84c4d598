package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loadtest/bench/ceilings.sh}: measures, one after the other and each for a bounded time, what
 * Kafka, PostgreSQL (the outbox write alone, and each row's whole cycle), Redis and a do-nothing HTTP
 * server sustain alone on this machine when driven the way the gateway drives them, and the machine's
 * CPU per operation meanwhile; prints a table and the CPU floor per event ({@link CpuFloor}), and writes
 * {@code ceilings.json} to --out.
 * <pre>
 *   ceilings.sh [--seconds 10] [--out target/loadtest/ceilings] [--max-ops 20000000]
 *               [--kafka HOST:PORT --pg-uri URI --redis-uri URI]
 * </pre>
 * Without backend addresses it starts the embedded stack in {@code target/ceilings-stack}, and at the
 * end stops it and deletes that directory. Everything runs on loopback (or the given addresses) and the process exits by itself:
 * 0 when every ceiling was measured, 1 when one failed, 2 on a usage or start-up error.
 */
public final class CeilingsMain {
  static final Path STATE_DIR = Path.of("target", "ceilings-stack");

  private CeilingsMain() {
  }

  public static void main(String[] argv) {
    CeilingsOptions options;
    try {
      options = CeilingsOptions.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int status;
    try {
      status = run(options);
    } catch (RuntimeException e) {
      System.err.println("ceilings: " + Measurement.describe(e));
      status = 2;
    }
    // Kafka and Vert.x leave non-daemon threads behind on some failure paths; the run is over either way.
    System.exit(status);
  }

  private static int run(CeilingsOptions options) {
    CeilingsReport.Machine machine = CeilingsReport.Machine.current();
    Instant measuredAt = Instant.now();
    Plan plan = options.plan();
    List<Ceiling> ceilings = new ArrayList<>();
    System.out.printf("ceilings: %d s each after a %d s warm-up, %d cores, load average %.2f%n", plan.seconds(),
      plan.warmupSeconds(), machine.cores(), machine.loadAverage());
    try (Backends backends = start(options)) {
      System.out.println("backends: " + backends.describe() + " (kafka " + backends.kafka() + ")");
      // PostgreSQL and Redis drivers: as many event loops as cores, as the gateway has.
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(machine.cores()));
      try {
        String kafka = backends.kafka();
        String pg = backends.pgUri();
        String redis = backends.redisUri();
        ceilings.add(step("kafka", "records", KafkaCeiling.SETUP, () -> new KafkaCeiling(kafka).measure(plan)));
        ceilings.add(step("postgres", "rows", PostgresCeiling.SETUP,
          () -> new PostgresCeiling(vertx, pg).measure(plan)));
        ceilings.add(step("outbox", "rows", OutboxCycleCeiling.SETUP,
          () -> new OutboxCycleCeiling(vertx, pg).measure(plan)));
        ceilings.add(step("redis", "sets", RedisCeiling.SETUP, () -> new RedisCeiling(vertx, redis).measure(plan)));
        backends.dropRedisKeys();
      } finally {
        Quietly.await(vertx.close(), "closing Vert.x");
      }
    }
    // After the stack has stopped: the baseline needs no backend, and an idle broker still takes some CPU.
    ceilings.add(step("http", "requests", HttpCeiling.SETUP, () -> new HttpCeiling().measure(plan)));
    System.out.println();
    System.out.print(CeilingsReport.table(ceilings));
    System.out.println();
    System.out.print(CpuFloor.table(ceilings, machine.cores()));
    Path file = write(options.out(), CeilingsReport.json(measuredAt, machine, ceilings).encodePrettily());
    System.out.println("written " + file);
    return ceilings.stream().allMatch(Ceiling::ok) ? 0 : 1;
  }

  private static Backends start(CeilingsOptions options) {
    if (options.externalBackends()) {
      return Backends.external(options.kafka(), options.pgUri(), options.redisUri());
    }
    System.out.println("starting the embedded stack in " + STATE_DIR + " ...");
    return Backends.embedded(STATE_DIR);
  }

  /** Runs one measurement; a failure becomes that component's result, and the others still run. */
  private static Ceiling step(String component, String unit, String setup, Callable<Ceiling> measurement) {
    System.out.println("measuring " + component + " ...");
    Ceiling result;
    try {
      result = measurement.call();
    } catch (Exception e) {
      result = Ceiling.failed(component, unit, setup, Measurement.describe(e));
    }
    System.out.println("  " + CeilingsReport.table(List.of(result)).lines().skip(1).findFirst().orElse(""));
    return result;
  }

  private static Path write(Path dir, String json) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("ceilings.json");
      Files.writeString(file, json + "\n");
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write ceilings.json to " + dir, e);
    }
  }
}
