package io.eventgateway.loadtest.ceilings;

import io.eventgateway.app.Gateway;
import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.outbox.SchemaMigrator;
import io.eventgateway.outbox.Shards;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's drain rate: fills the outbox of a fresh embedded stack with N pending rows (as a Kafka
 * outage would), starts a gateway, and times how long its relay takes to publish them all, beside the
 * Kafka producer ceiling measured on the same stack just before.
 *
 * <p>With variants ({@code key=value[,key=value]} gateway keys), one drain per variant, in turn, each on a
 * refilled outbox, so configurations compare within one run.
 *
 * <pre>java -cp ... io.eventgateway.loadtest.ceilings.RelayDrainMain [rows] [kafka-ceiling-seconds] [variant ...]</pre>
 */
public final class RelayDrainMain {
  private static final Path STATE_DIR = Path.of("target", "relay-drain-stack");
  private static final int CHUNK = 100_000;
  private static final String FILL = """
    INSERT INTO outbox (source, event_id, topic, partition_key, payload, shard)
    SELECT '/relay-drain', 'e-' || g, 'relay-drain', 'customer-' || (g % $3),
      format('{"specversion":"1.0","type":"com.example.order.created","source":"/relay-drain",'
        || '"datacontenttype":"application/json","id":"e-%s","partitionkey":"customer-%s","data":{"pad":"%s"}}',
        g, g % $3, repeat('x', 130)),
      ($4::int[])[(g % $3) + 1]
    FROM generate_series($1::bigint, $2::bigint) AS g""";
  private static final String PENDING =
    "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND dead_at IS NULL";

  private RelayDrainMain() {
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int kafkaSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    try (Backends backends = Backends.embedded(STATE_DIR)) {
      Ceiling kafka = new KafkaCeiling(backends.kafka()).measure(Plan.forSeconds(kafkaSeconds, Long.MAX_VALUE));
      System.out.println("kafka producer ceiling: " + CeilingsReport.table(java.util.List.of(kafka)));
      try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", backends.kafka()))) {
        // As many partitions as the ceiling's topic, so the two figures compare.
        admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic("relay-drain",
          java.util.Optional.of(KafkaCeiling.PARTITIONS), java.util.Optional.empty()))).all().get();
      }
      Vertx vertx = Vertx.vertx();
      List<Map<String, String>> variants = variants(args);
      Pool pool = OutboxDatabase.pool(vertx, config(backends, Map.of()).pg(), 2, "relay-drain");
      try {
        SchemaMigrator.apply(pool).await();
        for (Map<String, String> variant : variants) {
          drain(backends, pool, rows, variant);
        }
      } finally {
        pool.close().await();
        vertx.close().await();
      }
    }
    System.exit(0);
  }

  /** One drain of a freshly filled outbox by a gateway with {@code variant}'s keys over the defaults. */
  private static void drain(Backends backends, Pool pool, long rows, Map<String, String> variant) throws Exception {
    GatewayConfig config = config(backends, variant);
    pool.query("TRUNCATE outbox").execute().await();
    fill(pool, rows, new Shards(config.relay().shards()));
    long start = System.nanoTime();
    Gateway gateway = Gateway.start(config).await();
    try {
      long pending = rows;
      while (pending > 0) {
        Thread.sleep(250);
        pending = pool.query(PENDING).execute().await().iterator().next().getLong("n");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("relay %s drained %,d rows in %.1f s: %,.0f rows/s (includes gateway start-up)%n",
        variant.isEmpty() ? "(defaults)" : variant, rows, seconds, rows / seconds);
    } finally {
      gateway.stop().await();
    }
  }

  /** Arguments after the first two: gateway keys per run, {@code key=value[,key=value]}; none: one default run. */
  private static List<Map<String, String>> variants(String[] args) {
    List<Map<String, String>> variants = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      Map<String, String> keys = new LinkedHashMap<>();
      for (String pair : args[i].split(",")) {
        String[] kv = pair.split("=", 2);
        keys.put(kv[0].trim(), kv[1].trim());
      }
      variants.add(keys);
    }
    return variants.isEmpty() ? List.of(Map.of()) : variants;
  }

  private static void fill(Pool pool, long rows, Shards shards) {
    Integer[] shardOfKey = new Integer[Payloads.KEYS];
    for (int k = 0; k < Payloads.KEYS; k++) {
      shardOfKey[k] = shards.of("customer-" + k, null, null);
    }
    long start = System.nanoTime();
    for (long from = 1; from <= rows; from += CHUNK) {
      long to = Math.min(rows, from + CHUNK - 1);
      pool.preparedQuery(FILL).execute(Tuple.of(from, to, Payloads.KEYS, shardOfKey)).await();
    }
    System.out.printf("filled the outbox with %,d pending rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
  }

  private static GatewayConfig config(Backends backends, Map<String, String> variant) {
    Map<String, Object> file = new HashMap<>(variant);
    file.put("http.port", 0);
    file.put("management.port", 0);
    file.put("pg.uri", backends.pgUri());
    file.put("redis.uri", backends.redisUri());
    file.put("kafka.bootstrap.servers", backends.kafka());
    return GatewayConfig.from(new ConfigSource(file, Map.of(), "relay-drain"));
  }
}
