package io.eventgateway.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The outbox at a glance, for operators ({@code GET /outbox/status}): rows per state, the pending depth
 * and its oldest row's age, which relay instance holds which shard, and the relay instances' heartbeats.
 *
 * <p>Bounded however large the table: each state is counted over its own partial index, exactly up to
 * {@value #EXACT_UP_TO} rows, and estimated beyond (see {@link RowCount}); the lease and instance lists
 * are capped. Three statements, run side by side, each with the query timeout.
 */
public final class OutboxCensus {
  /** Rows counted exactly per state; past this, a count is an estimate. */
  static final int EXACT_UP_TO = 100_000;
  private static final int MAX_SHARDS = 10_000;
  private static final int MAX_INSTANCES = 1000;

  static final String COUNTS = """
    WITH heads AS MATERIALIZED (%s)
    SELECT
      (SELECT count(*) FROM (
        SELECT 1 FROM outbox WHERE published_at IS NULL AND dead_at IS NULL LIMIT $1) AS p) AS pending,
      (SELECT max(last_seq) - min(first_seq) + 1 FROM heads) AS pending_span,
      (SELECT EXTRACT(EPOCH FROM now() - min(first_created_at))::float8 FROM heads) AS oldest_pending_age,
      (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE dead_at IS NOT NULL LIMIT $1) AS d) AS dead,
      (SELECT max(seq) - min(seq) + 1 FROM outbox WHERE dead_at IS NOT NULL) AS dead_span,
      (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NOT NULL LIMIT $1) AS u) AS published,
      (SELECT reltuples::bigint FROM pg_class WHERE oid = 'outbox'::regclass) AS table_estimate""".formatted(
      PendingHeads.SQL);
  static final String LEASES = """
    SELECT shard, owner, expires_at, (owner IS NULL OR expires_at <= now()) AS expired
    FROM relay_lease ORDER BY shard LIMIT $1""";
  static final String INSTANCES = """
    SELECT id, heartbeat_at, EXTRACT(EPOCH FROM now() - heartbeat_at)::float8 AS heartbeat_age
    FROM relay_instance ORDER BY id LIMIT $1""";

  private final Pool pool;
  private final int shardCount;
  private final long timeoutMillis;

  public OutboxCensus(Pool pool, int shards, Duration queryTimeout) {
    this.pool = pool;
    this.shardCount = shards;
    this.timeoutMillis = queryTimeout.toMillis();
  }

  /**
   * {@code {"depth", "oldest_pending_age_seconds", "rows": {"pending"|"published"|"dead": {"count",
   * "exact"}}, "shards": {"total", "owners": {owner: [{"shard", "expires_at"}]}, "unowned": [shard]},
   * "instances": [{"id", "heartbeat_at", "heartbeat_age_seconds"}]}}.
   */
  public Future<JsonObject> status() {
    Future<JsonObject> counts = bounded(pool.preparedQuery(COUNTS).execute(Tuple.of(EXACT_UP_TO + 1, shardCount)))
      .map(rows -> counts(rows.iterator().next()));
    Future<JsonObject> shards = bounded(pool.preparedQuery(LEASES).execute(Tuple.of(MAX_SHARDS)))
      .map(OutboxCensus::shards);
    Future<JsonArray> instances = bounded(pool.preparedQuery(INSTANCES).execute(Tuple.of(MAX_INSTANCES)))
      .map(OutboxCensus::instances);
    return Future.all(counts, shards, instances)
      .map(all -> counts.result().put("shards", shards.result()).put("instances", instances.result()));
  }

  private static JsonObject counts(Row row) {
    long tableEstimate = row.getLong("table_estimate") == null ? -1 : row.getLong("table_estimate");
    RowCount pending = RowCount.of(row.getLong("pending"), EXACT_UP_TO, span(row.getLong("pending_span"),
      tableEstimate));
    RowCount dead = RowCount.of(row.getLong("dead"), EXACT_UP_TO, span(row.getLong("dead_span"), tableEstimate));
    // No cheap range for published rows: the table's own estimate (from VACUUM/ANALYZE) less the others.
    RowCount published = RowCount.of(row.getLong("published"), EXACT_UP_TO,
      tableEstimate - pending.count() - dead.count());
    Double oldestAge = row.getDouble("oldest_pending_age");
    return new JsonObject()
      .put("depth", pending.count())
      .put("oldest_pending_age_seconds", oldestAge == null ? 0.0 : Math.max(0.0, oldestAge))
      .put("rows", new JsonObject()
        .put("pending", pending.toJson())
        .put("published", published.toJson())
        .put("dead", dead.toJson()));
  }

  /** A sequence span counts every row in it, published ones too: never more than the whole table. */
  private static long span(Long span, long tableEstimate) {
    if (span == null) {
      return 0;
    }
    return tableEstimate > 0 ? Math.min(span, tableEstimate) : span;
  }

  private static JsonObject shards(RowSet<Row> rows) {
    JsonObject owners = new JsonObject();
    JsonArray unowned = new JsonArray();
    for (Row row : rows) {
      int shard = row.getInteger("shard");
      if (row.getBoolean("expired")) {
        unowned.add(shard);
        continue;
      }
      String owner = row.getString("owner");
      if (!owners.containsKey(owner)) {
        owners.put(owner, new JsonArray());
      }
      owners.getJsonArray(owner).add(new JsonObject().put("shard", shard)
        .put("expires_at", row.getOffsetDateTime("expires_at").toInstant()));
    }
    return new JsonObject().put("total", rows.size()).put("owners", owners).put("unowned", unowned);
  }

  private static JsonArray instances(RowSet<Row> rows) {
    JsonArray instances = new JsonArray();
    for (Row row : rows) {
      instances.add(new JsonObject()
        .put("id", row.getString("id"))
        .put("heartbeat_at", row.getOffsetDateTime("heartbeat_at").toInstant())
        .put("heartbeat_age_seconds", row.getDouble("heartbeat_age")));
    }
    return instances;
  }

  private <T> Future<RowSet<T>> bounded(Future<RowSet<T>> query) {
    return query.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(PgFailures.asProblem(failure, "The outbox status could not be read")));
  }
}
