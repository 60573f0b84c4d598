package io.eventgateway.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shard leases in PostgreSQL ({@code relay_lease}), so that every shard is published by one instance at
 * a time and the shards of an instance that died are taken over once its leases expired ({@code ttl}).
 *
 * <p>Every third of the ttl an instance heartbeats, renews what it holds, and takes or gives back shards
 * towards its fair share (shards divided by live instances). Leases expire by PostgreSQL's clock; the
 * instance itself stops trusting a lease a fifth of the ttl before that, measured on its own monotonic
 * clock from before the renewal was sent, so it has stopped sending before anyone else may start.
 * Used on the relay's context only.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  /** What the relay does when shards come and go. */
  interface Listener {
    /** A shard is ours; {@code takeover}: its last owner let the lease expire (it may have died mid-send). */
    void acquired(int shard, boolean takeover);

    /** Shards are no longer ours, or must stop at once because their leases can no longer be trusted. */
    void lost(Set<Integer> shards);

    /** Asked to give a shard back: stop sending it; {@link #idle} says when it may be released. */
    void stopping(int shard);

    /** No longer to be given back (the instance count changed again): send it as before. */
    void resumed(int shard);

    boolean idle(int shard);
  }

  private static final String ENSURE_SHARDS =
    "INSERT INTO relay_lease (shard) SELECT generate_series(0, $1 - 1) ON CONFLICT (shard) DO NOTHING";
  private static final String SHARD_COUNT = "SELECT count(*) AS n FROM relay_lease";
  private static final String HEARTBEAT = """
    INSERT INTO relay_instance (id, heartbeat_at) VALUES ($1, now())
    ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()""";
  private static final String LIVE = """
    SELECT count(*) AS n FROM relay_instance WHERE heartbeat_at > now() - make_interval(secs => $1)""";
  private static final String RENEW = """
    UPDATE relay_lease SET expires_at = now() + make_interval(secs => $2) WHERE owner = $1 RETURNING shard""";
  private static final String ACQUIRE = """
    WITH free AS (
      SELECT shard, owner AS previous FROM relay_lease
      WHERE owner IS NULL OR expires_at < now() ORDER BY shard LIMIT $2 FOR UPDATE SKIP LOCKED)
    UPDATE relay_lease l SET owner = $1, expires_at = now() + make_interval(secs => $3)
    FROM free WHERE l.shard = free.shard RETURNING l.shard, free.previous""";
  private static final String RELEASE =
    "UPDATE relay_lease SET owner = NULL, expires_at = '-infinity' WHERE owner = $1 AND shard = ANY($2::int[])";
  private static final String LEAVE = "DELETE FROM relay_instance WHERE id = $1";
  private static final String FORGET_DEAD_INSTANCES =
    "DELETE FROM relay_instance WHERE heartbeat_at < now() - interval '1 hour'";

  private final Vertx vertx;
  private final Pool pool;
  private final String instanceId;
  private final int shards;
  private final Duration ttl;
  private final Listener listener;
  private final Set<Integer> owned = new TreeSet<>();
  private final Set<Integer> stopping = new HashSet<>();
  private long validUntilNanos;
  private long timer = -1;
  private boolean running;

  LeaseKeeper(Vertx vertx, Pool pool, String instanceId, int shards, Duration ttl, Listener listener) {
    this.vertx = vertx;
    this.pool = pool;
    this.instanceId = instanceId;
    this.shards = shards;
    this.ttl = ttl;
    this.listener = listener;
  }

  /** Makes sure the shard rows exist and match {@code relay.shards}, then takes a first share. */
  Future<Void> start() {
    return pool.preparedQuery(ENSURE_SHARDS).execute(Tuple.of(shards))
      .compose(v -> pool.query(SHARD_COUNT).execute())
      .compose(rows -> {
        long existing = rows.iterator().next().getLong("n");
        if (existing != shards) {
          return Future.failedFuture(new IllegalStateException("relay.shards is " + shards + " but the outbox is"
            + " sharded " + existing + " ways (relay_lease); changing it would break per-key order of pending"
            + " rows. Drain the outbox, then empty relay_lease, to change it"));
        }
        return round();
      })
      .onSuccess(v -> timer = vertx.setPeriodic(Math.max(100, ttl.toMillis() / 3), id -> round()));
  }

  /** Whether leases may still be trusted for sending (checked before every send). */
  boolean valid() {
    return !owned.isEmpty() && System.nanoTime() < validUntilNanos;
  }

  Set<Integer> owned() {
    return owned;
  }

  private Future<Void> round() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    long started = System.nanoTime();
    double ttlSeconds = ttl.toMillis() / 1000.0;
    return bounded(pool.preparedQuery(HEARTBEAT).execute(Tuple.of(instanceId)))
      .compose(v -> bounded(pool.preparedQuery(RENEW).execute(Tuple.of(instanceId, ttlSeconds))))
      .compose(renewed -> {
        Set<Integer> held = new HashSet<>();
        renewed.forEach(row -> held.add(row.getInteger("shard")));
        validUntilNanos = started + ttl.toNanos() * 4 / 5;
        Set<Integer> gone = new TreeSet<>(owned);
        gone.removeAll(held);
        if (!gone.isEmpty()) {
          LOG.warn("Shard lease(s) {} were taken over by another instance", gone);
          lose(gone);
        }
        // Leases still ours in PostgreSQL that this instance stopped trusting (it could not renew them in
        // time, so it stopped sending): nobody took them meanwhile, so they are safely ours again.
        for (Integer shard : held) {
          if (owned.add(shard)) {
            listener.acquired(shard, false);
          }
        }
        return bounded(pool.preparedQuery(LIVE).execute(Tuple.of(ttlSeconds)));
      })
      .compose(live -> rebalance((int) Math.max(1, live.iterator().next().getLong("n")), ttlSeconds))
      .compose(v -> bounded(pool.query(FORGET_DEAD_INSTANCES).execute()).<Void>mapEmpty())
      .recover(failure -> {
        if (!owned.isEmpty() && System.nanoTime() >= validUntilNanos) {
          LOG.warn("Cannot renew shard leases ({}); stopping shards {} before they may be taken over",
            failure.toString(), owned);
          lose(new TreeSet<>(owned));
        } else {
          LOG.debug("Lease round failed: {}", failure.toString());
        }
        return Future.succeededFuture();
      })
      .onComplete(done -> running = false);
  }

  /** Takes shards up to the fair share, or gives back the ones over it once they are idle. */
  private Future<Void> rebalance(int liveInstances, double ttlSeconds) {
    int target = (shards + liveInstances - 1) / liveInstances;
    int surplus = owned.size() - target;
    LOG.debug("{}: {} live instance(s), {} shard(s) held, target {}", instanceId, liveInstances, owned.size(), target);
    if (surplus > 0) {
      List<Integer> release = new ArrayList<>();
      new TreeSet<>(owned).descendingSet().stream().limit(surplus).forEach(shard -> {
        if (stopping.add(shard)) {
          listener.stopping(shard);
        }
        if (listener.idle(shard)) {
          release.add(shard);
        }
      });
      return release(release);
    }
    if (!stopping.isEmpty()) {
      stopping.forEach(listener::resumed);
      stopping.clear();
    }
    if (surplus < 0) {
      return bounded(pool.preparedQuery(ACQUIRE).execute(Tuple.of(instanceId, -surplus, ttlSeconds)))
        .map(rows -> {
          for (Row row : rows) {
            int shard = row.getInteger("shard");
            String previous = row.getString("previous");
            owned.add(shard);
            boolean takeover = previous != null && !previous.equals(instanceId);
            listener.acquired(shard, takeover);
          }
          if (rows.size() > 0) {
            LOG.info("Relay instance {} now publishes {} shard(s)", instanceId, owned.size());
          }
          return null;
        });
    }
    return Future.succeededFuture();
  }

  private Future<Void> release(List<Integer> shardsToRelease) {
    if (shardsToRelease.isEmpty()) {
      return Future.succeededFuture();
    }
    // (Object): Tuple.of(Object, Object...) would otherwise spread the array into separate parameters.
    Object shardArray = shardsToRelease.toArray(new Integer[0]);
    return bounded(pool.preparedQuery(RELEASE).execute(Tuple.of(instanceId, shardArray)))
      .map(rows -> {
        shardsToRelease.forEach(owned::remove);
        shardsToRelease.forEach(stopping::remove);
        listener.lost(new TreeSet<>(shardsToRelease));
        LOG.info("Gave back shard(s) {} to balance the relay", shardsToRelease);
        return null;
      });
  }

  private void lose(Set<Integer> shardsLost) {
    owned.removeAll(shardsLost);
    stopping.removeAll(shardsLost);
    listener.lost(shardsLost);
  }

  /** Gives back every shard (a clean shutdown): others may take them at once instead of after the ttl. */
  Future<Void> releaseAll() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    List<Integer> all = new ArrayList<>(owned);
    owned.clear();
    // Leaving the instance table too, so the others count one instance fewer at once and take it all.
    Object shardArray = all.toArray(new Integer[0]);
    return bounded(pool.preparedQuery(RELEASE).execute(Tuple.of(instanceId, shardArray)))
      .compose(v -> bounded(pool.preparedQuery(LEAVE).execute(Tuple.of(instanceId))))
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  private <T> Future<T> bounded(Future<T> query) {
    return query.timeout(Math.max(200, ttl.toMillis() / 3), TimeUnit.MILLISECONDS);
  }
}
