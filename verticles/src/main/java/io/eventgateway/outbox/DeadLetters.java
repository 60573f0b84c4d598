package io.eventgateway.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-lettered part of the outbox (rows with {@code dead_at} set: never published to their topic):
 * listing, by keyset pages in outbox order over the dead-row index, and replay, which makes rows pending
 * again so the relay publishes them to their original topic. Every statement touches a bounded number
 * of rows and has a timeout; a replay of many rows is a loop of short statements, never one long lock.
 * Failures come back as {@link io.eventgateway.error.GatewayException}s (503 when PostgreSQL is
 * unavailable).
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  /** Rows made pending again per UPDATE by a replay of many. */
  static final int REPLAY_BATCH = 1000;

  // $1 topic, $2 type, $3 error pattern: each null for "any".
  static final String LIST = """
    SELECT seq, source, event_id, topic, payload::jsonb->>'type' AS type, partition_key, attempts, last_error,
           first_failed_at, last_failed_at, dead_at
    FROM outbox
    WHERE dead_at IS NOT NULL AND seq > $4
      AND ($1::text IS NULL OR topic = $1)
      AND ($2::text IS NULL OR payload::jsonb->>'type' = $2)
      AND ($3::text IS NULL OR last_error ILIKE $3)
    ORDER BY seq LIMIT $5""";
  static final String REPLAY_ONE = """
    UPDATE outbox SET dead_at = NULL, attempts = 0, last_error = NULL, first_failed_at = NULL, last_failed_at = NULL
    WHERE seq = $1 AND dead_at IS NOT NULL
    RETURNING seq, source, event_id, topic, payload::jsonb->>'type' AS type, partition_key""";
  static final String LAST_DEAD = "SELECT max(seq) AS last FROM outbox WHERE dead_at IS NOT NULL";
  /** One batch of a replay of many: the next matching rows after $4, up to $5 (the last dead row at the start). */
  static final String REPLAY_BATCH_SQL = """
    WITH batch AS (
      SELECT seq FROM outbox
      WHERE dead_at IS NOT NULL AND seq > $4 AND seq <= $5
        AND ($1::text IS NULL OR topic = $1)
        AND ($2::text IS NULL OR payload::jsonb->>'type' = $2)
        AND ($3::text IS NULL OR last_error ILIKE $3)
      ORDER BY seq LIMIT $6
      FOR UPDATE SKIP LOCKED),
    replayed AS (
      UPDATE outbox o
      SET dead_at = NULL, attempts = 0, last_error = NULL, first_failed_at = NULL, last_failed_at = NULL
      FROM batch WHERE o.seq = batch.seq
      RETURNING o.seq)
    SELECT count(*) AS replayed, max(seq) AS last FROM replayed""";

  private final Pool pool;
  private final long timeoutMillis;

  public DeadLetters(Pool pool, Duration queryTimeout) {
    this.pool = pool;
    this.timeoutMillis = queryTimeout.toMillis();
  }

  /** One page: {@code {"items": [...], "next": <after for the next page>}}, {@code next} only when more remain. */
  public Future<JsonObject> list(DeadLetterQuery query) {
    Tuple params = filters(query).addLong(query.after()).addInteger(query.limit() + 1);
    return bounded(pool.preparedQuery(LIST).execute(params), "The dead letters could not be listed")
      .map(rows -> {
        JsonArray items = new JsonArray();
        long lastSeq = 0;
        for (Row row : rows) {
          if (items.size() == query.limit()) {
            return new JsonObject().put("items", items).put("next", lastSeq);
          }
          items.add(item(row));
          lastSeq = row.getLong("seq");
        }
        return new JsonObject().put("items", items);
      });
  }

  /** Makes one dead row pending again; empty when {@code seq} is no dead row (never was, replayed, deleted). */
  public Future<Optional<JsonObject>> replay(long seq) {
    return bounded(pool.preparedQuery(REPLAY_ONE).execute(Tuple.of(seq)), "The dead letter could not be replayed")
      .map(rows -> {
        if (rows.rowCount() == 0) {
          return Optional.<JsonObject>empty();
        }
        wakeRelays();
        return Optional.of(identity(rows.iterator().next()).put("status", "accepted"));
      });
  }

  /**
   * Makes every dead row matching the filters pending again, {@value #REPLAY_BATCH} rows per statement,
   * and completes with how many. Only rows dead when the replay started are taken (the loop ends even if
   * replayed rows die again meanwhile); rows locked by someone else at that moment are skipped.
   */
  public Future<Long> replayAll(DeadLetterQuery query) {
    return bounded(pool.query(LAST_DEAD).execute(), "The dead letters could not be replayed")
      .compose(rows -> {
        Long last = rows.iterator().next().getLong("last");
        return last == null ? Future.succeededFuture(0L) : replayFrom(query, 0, last, 0);
      });
  }

  private Future<Long> replayFrom(DeadLetterQuery query, long after, long last, long replayedSoFar) {
    Tuple params = filters(query).addLong(after).addLong(last).addInteger(REPLAY_BATCH);
    return bounded(pool.preparedQuery(REPLAY_BATCH_SQL).execute(params), "The dead letters could not be replayed"
        + (replayedSoFar > 0 ? " (" + replayedSoFar + " were, before the failure)" : ""))
      .compose(rows -> {
        Row row = rows.iterator().next();
        long replayed = row.getLong("replayed");
        long total = replayedSoFar + replayed;
        if (replayed > 0) {
          wakeRelays();
        }
        return replayed < REPLAY_BATCH
          ? Future.succeededFuture(total)
          : replayFrom(query, row.getLong("last"), last, total);
      });
  }

  /** $1 topic, $2 type, $3 error pattern. */
  private static Tuple filters(DeadLetterQuery query) {
    return Tuple.tuple().addString(query.topic()).addString(query.type()).addString(query.errorPattern());
  }

  /** Which event a dead-letter row is, as every answer about it starts. */
  private static JsonObject identity(Row row) {
    return new JsonObject()
      .put("seq", row.getLong("seq"))
      .put("source", row.getString("source"))
      .put("id", row.getString("event_id"))
      .put("topic", row.getString("topic"))
      .put("type", row.getString("type"))
      .put("partition_key", row.getString("partition_key"));
  }

  private static JsonObject item(Row row) {
    return identity(row)
      .put("attempts", row.getInteger("attempts"))
      .put("last_error", row.getString("last_error"))
      .put("first_failed_at", instant(row.getOffsetDateTime("first_failed_at")))
      .put("last_failed_at", instant(row.getOffsetDateTime("last_failed_at")))
      .put("dead_at", instant(row.getOffsetDateTime("dead_at")));
  }

  private static Object instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /** Best effort: a relay that misses the notification still finds the rows at its next poll. */
  private void wakeRelays() {
    pool.query(OutboxDatabase.WAKE_RELAYS).execute()
      .onFailure(e -> LOG.debug("Could not notify the relays of replayed rows: {}", e.toString()));
  }

  private <T> Future<RowSet<T>> bounded(Future<RowSet<T>> query, String what) {
    return query.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(PgFailures.asProblem(failure, what)));
  }
}
