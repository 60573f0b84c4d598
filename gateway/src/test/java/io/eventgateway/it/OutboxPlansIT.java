package io.eventgateway.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventgateway.outbox.SchemaMigrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's and the backlog's reads of pending rows stay on their indexes however skewed the
 * statistics: planned generically (as PostgreSQL plans a prepared statement it has run a few times)
 * against statistics from a moment when every row was published, none of them scans the outbox whole.
 * A plan made in such a moment is kept until the next ANALYZE, and under load it would read the whole
 * table per shard, per read.
 */
@ExtendWith(SharedStack.class)
class OutboxPlansIT {
  private static final String SCRATCH = "outbox_plans_it";

  /** Class, constant, parameter types, parameters: each statement as the gateway prepares it. */
  private static final String[][] STATEMENTS = {
    {"io.eventgateway.outbox.PendingHeads", "SQL", "bigint, int", "1, 64"},
    {"io.eventgateway.stream.RelayQueries", "NEXT", "int[], bigint[], int", "'{0,1}', '{0,0}', 100"},
    {"io.eventgateway.stream.RelayQueries", "BEHIND", "int[], bigint[], bigint[], int",
      "'{0,1}', '{60000,60000}', '{}', 100"},
    {"io.eventgateway.stream.RelayQueries", "BY_SEQ", "bigint[]", "'{50001,50002}'"},
    {"io.eventgateway.stream.PublishWatchPoller", "OUTCOMES", "bigint[]", "'{50001,50002}'"},
  };

  @Test
  void pendingLookupsStayOnTheirIndexesWhateverTheStatisticsSay() throws Exception {
    try (OutboxSql admin = new OutboxSql()) {
      admin.query("DROP DATABASE IF EXISTS " + SCRATCH);
      admin.query("CREATE DATABASE " + SCRATCH);
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(SharedStack.stack().postgres().uri())
      .setDatabase(SCRATCH)).using(vertx).build();
    try (OutboxSql sql = new OutboxSql(SCRATCH)) {
      SchemaMigrator.apply(pool).await();
      sql.query("INSERT INTO outbox (source, event_id, topic, payload, shard, published_at) "
        + "SELECT '/it/plans', 'e-' || g, 'events', repeat('x', 300), g % 64, now() FROM generate_series(1, 50000) g");
      sql.query("ANALYZE outbox");
      sql.query("INSERT INTO outbox (source, event_id, topic, payload, shard) "
        + "SELECT '/it/plans', 'p-' || g, 'events', '{}', g % 64 FROM generate_series(1, 64) g");
      sql.query("SET plan_cache_mode = force_generic_plan");
      for (String[] statement : STATEMENTS) {
        var field = Class.forName(statement[0]).getDeclaredField(statement[1]);
        field.setAccessible(true);
        sql.query("PREPARE planned (" + statement[2] + ") AS " + field.get(null));
        StringBuilder plan = new StringBuilder();
        for (Row row : sql.query("EXPLAIN EXECUTE planned (" + statement[3] + ")")) {
          plan.append(row.getString(0)).append('\n');
        }
        sql.query("DEALLOCATE planned");
        assertFalse(plan.toString().contains("Seq Scan on outbox"),
          statement[0] + "." + statement[1] + " scans the outbox whole:\n" + plan);
      }
    } finally {
      pool.close().await();
      vertx.close().await();
      try (OutboxSql admin = new OutboxSql()) {
        admin.query("DROP DATABASE IF EXISTS " + SCRATCH);
      }
    }
  }
}
