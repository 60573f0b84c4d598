package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.outbox.SchemaMigrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox's storage layout: pending rows in {@code outbox_pending}, and no index on the outbox that
 * names {@code published_at}, so that marking a row published rewrites it in its page (a HOT update).
 * An outbox from before that layout is upgraded in place at start-up without losing a pending row.
 */
@ExtendWith(SharedStack.class)
class OutboxSchemaIT {
  private static final String SCRATCH = "schema_upgrade_it";

  /** The outbox as the release before {@code outbox_pending} left it (its relevant parts). */
  private static final String[] PREVIOUS_SCHEMA = {
    """
    CREATE TABLE outbox (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source TEXT NOT NULL, event_id TEXT NOT NULL,
      topic TEXT NOT NULL, partition_key TEXT, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      published_at TIMESTAMPTZ, shard INT NOT NULL DEFAULT 0, attempts INT NOT NULL DEFAULT 0, last_error TEXT,
      first_failed_at TIMESTAMPTZ, last_failed_at TIMESTAMPTZ, dead_at TIMESTAMPTZ, kafka_partition INT,
      kafka_offset BIGINT, CONSTRAINT outbox_event_unique UNIQUE (source, event_id))""",
    "CREATE INDEX outbox_pending_idx ON outbox (shard, seq) WHERE published_at IS NULL AND dead_at IS NULL",
    "CREATE INDEX outbox_dead_idx ON outbox (seq) WHERE dead_at IS NOT NULL",
    "CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL",
  };

  @Test
  void anOutboxWithThePendingIndexIsUpgradedWithEveryPendingRow() throws Exception {
    onScratchDatabase((sql, pool) -> {
      for (String statement : PREVIOUS_SCHEMA) {
        sql.query(statement);
      }
      List<Long> pending = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        pending.add(insert(sql, "p-" + i, 5, "NULL", "NULL"));
      }
      insert(sql, "published", 5, "now()", "NULL");
      insert(sql, "dead", 5, "NULL", "now()");

      SchemaMigrator.apply(pool).await();

      assertEquals(pending, pendingSeqs(sql), "every pending row, and only those, is in outbox_pending");
      assertNull(relation(sql, "outbox_pending_idx"), "the partial index named published_at");
      assertNull(relation(sql, "outbox_published_idx"), "a B-tree on published_at");
      assertNotNull(relation(sql, "outbox_published_brin"));
      assertEquals("{fillfactor=50}", reloptions(sql));

      // An operator's own page fill is kept, and applying again moves nothing twice.
      sql.query("ALTER TABLE outbox SET (fillfactor = 90)");
      SchemaMigrator.apply(pool).await();
      assertEquals("{fillfactor=90}", reloptions(sql));
      assertEquals(pending, pendingSeqs(sql));
    });
  }

  @Test
  void marksArePublishedInPlace() {
    String source = uniqueSource("hot");
    int events = 200;
    try (OutboxSql sql = new OutboxSql()) {
      long[] before = updates(sql);
      GatewayClient client = new GatewayClient(SharedStack.gateway().httpPort());
      for (int i = 0; i < events; i++) {
        assertEquals(202, client.postStructured(event(source, "h-" + i)).status());
      }
      sql.awaitPublished(source, events, Duration.ofSeconds(30));
      assertEquals(0, sql.count("SELECT count(*) FROM outbox_pending p JOIN outbox o USING (seq) WHERE o.source = $1",
        source), "each mark deleted its pending entry");

      // Each backend reports its counts when idle, at most about every 10 s.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long[] after = updates(sql);
      while (after[0] - before[0] < events && System.nanoTime() < deadline) {
        Pause.millis(500);
        after = updates(sql);
      }
      long updated = after[0] - before[0];
      long hot = after[1] - before[1];
      System.out.printf("Outbox marks: %d of %d updates were HOT%n", hot, updated);
      assertTrue(updated >= events, "the statistics did not report the marks: " + updated + " update(s)");
      assertTrue(hot >= 0.9 * updated, hot + " of " + updated + " updates were HOT");
    }
  }

  /**
   * Statistics from a moment when every row was published make {@code published_at IS NULL} look
   * selective, and a vacuum of the emptied pending table makes it look free to scan whole; a lookup of
   * pending rows must still go by key, not by a lossy BRIN scan of the outbox or a scan of every row
   * (dead ones included, under load) of the pending table.
   */
  @Test
  void pendingLookupsGoByKeyWhateverTheStatisticsSay() throws Exception {
    onScratchDatabase((sql, pool) -> {
      SchemaMigrator.apply(pool).await();
      sql.query("INSERT INTO outbox (source, event_id, topic, payload, shard, published_at) "
        + "SELECT '/it/plans', 'e-' || g, 'events', repeat('x', 300), g % 64, now() FROM generate_series(1, 50000) g");
      sql.query("INSERT INTO outbox_pending SELECT shard, seq FROM outbox");
      sql.query("DELETE FROM outbox_pending");
      sql.query("VACUUM ANALYZE outbox_pending");
      sql.query("ANALYZE outbox");
      sql.query("WITH i AS (INSERT INTO outbox (source, event_id, topic, payload, shard) "
        + "SELECT '/it/plans', 'p-' || g, 'events', '{}', g % 64 FROM generate_series(1, 64) g RETURNING shard, seq) "
        + "INSERT INTO outbox_pending SELECT shard, seq FROM i");
      // Class, constant, parameter types, parameters: each statement as the gateway prepares it, planned
      // generically (as PostgreSQL does for a prepared statement it has run a few times).
      String[][] statements = {
        {"io.eventgateway.outbox.PendingHeads", "SQL", "bigint, int", "1, 64"},
        {"io.eventgateway.stream.RelayQueries", "NEXT", "int[], bigint[], int", "'{0,1}', '{0,0}', 100"},
        {"io.eventgateway.stream.RelayQueries", "BEHIND", "int[], bigint[], bigint[], int",
          "'{0,1}', '{60000,60000}', '{}', 100"},
        {"io.eventgateway.stream.RelayQueries", "BY_SEQ", "bigint[]", "'{50001,50002}'"},
        {"io.eventgateway.stream.PublishWatchPoller", "OUTCOMES", "bigint[]", "'{50001,50002}'"},
      };
      sql.query("SET plan_cache_mode = force_generic_plan");
      for (String[] statement : statements) {
        var field = Class.forName(statement[0]).getDeclaredField(statement[1]);
        field.setAccessible(true);
        sql.query("PREPARE planned (" + statement[2] + ") AS " + field.get(null));
        StringBuilder plan = new StringBuilder();
        for (Row row : sql.query("EXPLAIN EXECUTE planned (" + statement[3] + ")")) {
          plan.append(row.getString(0)).append('\n');
        }
        sql.query("DEALLOCATE planned");
        assertTrue(!plan.toString().contains("outbox_published_brin") && !plan.toString().contains("Seq Scan on outbox"),
          statement[0] + "." + statement[1] + " left the keys:\n" + plan);
      }
    });
  }

  private interface ScratchTest {
    void run(OutboxSql sql, Pool pool) throws Exception;
  }

  /** Runs {@code test} on a database of its own on the shared PostgreSQL, dropped afterwards. */
  private static void onScratchDatabase(ScratchTest test) throws Exception {
    try (OutboxSql admin = new OutboxSql()) {
      admin.query("DROP DATABASE IF EXISTS " + SCRATCH);
      admin.query("CREATE DATABASE " + SCRATCH);
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(SharedStack.stack().postgres().uri())
      .setDatabase(SCRATCH)).using(vertx).build();
    try (OutboxSql sql = new OutboxSql(SCRATCH)) {
      test.run(sql, pool);
    } finally {
      pool.close().await();
      vertx.close().await();
      try (OutboxSql admin = new OutboxSql()) {
        admin.query("DROP DATABASE IF EXISTS " + SCRATCH);
      }
    }
  }

  private static long insert(OutboxSql sql, String id, int shard, String publishedAt, String deadAt) {
    return sql.query("INSERT INTO outbox (source, event_id, topic, payload, shard, published_at, dead_at) "
      + "VALUES ('/it/schema', $1, 'events', '{}', $2, " + publishedAt + ", " + deadAt + ") RETURNING seq", id, shard)
      .iterator().next().getLong("seq");
  }

  private static List<Long> pendingSeqs(OutboxSql sql) {
    List<Long> seqs = new ArrayList<>();
    for (Row row : sql.query("SELECT seq FROM outbox_pending WHERE shard = 5 ORDER BY seq")) {
      seqs.add(row.getLong("seq"));
    }
    return seqs;
  }

  private static String relation(OutboxSql sql, String name) {
    return sql.query("SELECT to_regclass($1)::text AS r", name).iterator().next().getString("r");
  }

  private static String reloptions(OutboxSql sql) {
    return sql.query("SELECT reloptions::text AS o FROM pg_class WHERE oid = 'outbox'::regclass")
      .iterator().next().getString("o");
  }

  /** The outbox's updates and HOT updates so far, as PostgreSQL's statistics have them. */
  private static long[] updates(OutboxSql sql) {
    Row row = sql.query("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'outbox'")
      .iterator().next();
    return new long[] {row.getLong("n_tup_upd"), row.getLong("n_tup_hot_upd")};
  }
}
