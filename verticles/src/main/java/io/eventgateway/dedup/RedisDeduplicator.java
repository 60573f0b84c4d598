package io.eventgateway.dedup;

import io.eventgateway.batch.GroupFlusher;
import io.eventgateway.config.GatewayConfig.DedupConfig;
import io.eventgateway.health.BackendStatus;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast half of dedup. Protocol per key: claim with {@code SET key pending NX PX claimTtl}; after the
 * outbox row committed, promote with {@code SET key done XX PX window}; if the commit failed, release
 * (DEL) so the client's retry is not mistaken for a duplicate. Redis is an accelerator, never the source
 * of truth: when it is down or slow, claims come back {@link ClaimState#UNCHECKED} and PostgreSQL's
 * unique constraint decides.
 *
 * <p>A failed or timed-out claim marks Redis down for the whole gateway; from then on no request waits
 * for Redis at all (PostgreSQL-only dedup) until the health probe finds it answering again. So a slow
 * Redis costs one timeout, not one per request.
 */
public final class RedisDeduplicator {
  private static final Logger LOG = LoggerFactory.getLogger(RedisDeduplicator.class);
  private static final String PENDING = "pending";
  private static final String DONE = "done";

  /** A key to promote; {@code claimed} keys use XX, unchecked ones are written outright. */
  private record Promotion(String key, boolean claimed) {
  }

  private static final int MAX_BATCH = 2000;
  private static final int MAX_QUEUED = 50_000;

  private final Redis redis;
  private final String claimTtlMillis;
  private final String windowMillis;
  private final long timeoutMillis;
  /** Shared by all instances so the transition is logged once, not per event loop. */
  private final BackendStatus status;
  private final GroupFlusher<String, ClaimState> claims;
  private final GroupFlusher<Promotion, Void> promotions;

  public RedisDeduplicator(Redis redis, DedupConfig config, Duration timeout, int connections,
                           BackendStatus status) {
    this.redis = redis;
    this.claimTtlMillis = Long.toString(config.claimTtl().toMillis());
    this.windowMillis = Long.toString(config.window().toMillis());
    this.timeoutMillis = timeout.toMillis();
    this.status = status;
    // Concurrent requests' claims and promotions share pipelined round trips, like group commit.
    // Claims are on every request's critical path: use all connections before making a group wait.
    this.claims = new GroupFlusher<>(MAX_BATCH, MAX_QUEUED, connections, this::claimNow,
      () -> new IllegalStateException("claim queue full"));
    this.promotions = new GroupFlusher<>(MAX_BATCH, MAX_QUEUED, this::promoteNow,
      () -> new IllegalStateException("promotion queue full"));
  }

  /**
   * Claims every key (pipelined, together with concurrent requests' keys). Never fails: Redis trouble,
   * or a claim queue full because Redis is slow, yields UNCHECKED and PostgreSQL decides.
   */
  public Future<List<ClaimState>> claim(List<String> keys) {
    if (!status.up()) {
      return Future.succeededFuture(Collections.nCopies(keys.size(), ClaimState.UNCHECKED));
    }
    return claims.submit(keys)
      .recover(failure -> Future.succeededFuture(Collections.nCopies(keys.size(), ClaimState.UNCHECKED)));
  }

  private Future<List<ClaimState>> claimNow(List<String> keys) {
    // SET NX per key; only keys found taken (duplicates, rare) are read back, in a second round trip, to
    // tell "pending" from "done". One command per new key instead of SET and GET for every key.
    // (SET ... NX GET would do it in one command, but needs Redis 7.)
    List<Request> requests = new ArrayList<>(keys.size());
    for (String key : keys) {
      requests.add(Request.cmd(Command.SET).arg(key).arg(PENDING).arg("NX").arg("PX").arg(claimTtlMillis));
    }
    return redis.batch(requests)
      .compose(responses -> statesOf(keys, responses))
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .map(states -> {
        status.markUp();
        return states;
      })
      .recover(failure -> {
        if (status.markDown(failure)) {
          LOG.warn("Continuing with PostgreSQL-only dedup until Redis answers again");
        }
        return Future.succeededFuture(Collections.nCopies(keys.size(), ClaimState.UNCHECKED));
      });
  }

  private Future<List<ClaimState>> statesOf(List<String> keys, List<Response> sets) {
    List<ClaimState> states = new ArrayList<>(keys.size());
    List<Integer> taken = new ArrayList<>();
    List<Request> gets = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Response set = sets.get(i);
      if (set != null && "OK".equals(set.toString())) {
        states.add(ClaimState.CLAIMED);
      } else {
        states.add(ClaimState.PENDING);
        taken.add(i);
        gets.add(Request.cmd(Command.GET).arg(keys.get(i)));
      }
    }
    if (gets.isEmpty()) {
      return Future.succeededFuture(states);
    }
    return redis.batch(gets).map(values -> {
      for (int t = 0; t < taken.size(); t++) {
        states.set(taken.get(t), stateOf(values.get(t)));
      }
      return states;
    });
  }

  /** A taken key: "done" once committed; anything else, nil included (it expired since), is in progress. */
  private static ClaimState stateOf(Response get) {
    return get != null && DONE.equals(get.toString()) ? ClaimState.DONE : ClaimState.PENDING;
  }

  /**
   * Marks committed events as done for the whole window. Keys claimed normally are promoted with XX (only
   * if the claim still exists); keys that went unchecked are written outright, to restore dedup after an
   * outage. Best effort: a lost promote only means PostgreSQL answers the next duplicate.
   */
  public void promote(List<String> claimed, List<String> unchecked) {
    if (!status.up()) {
      return;
    }
    List<Promotion> keys = new ArrayList<>(claimed.size() + unchecked.size());
    claimed.forEach(key -> keys.add(new Promotion(key, true)));
    unchecked.forEach(key -> keys.add(new Promotion(key, false)));
    promotions.submit(keys);
  }

  private Future<List<Void>> promoteNow(List<Promotion> keys) {
    List<Request> requests = new ArrayList<>(keys.size());
    for (Promotion p : keys) {
      Request set = Request.cmd(Command.SET).arg(p.key()).arg(DONE);
      requests.add(p.claimed() ? set.arg("XX").arg("PX").arg(windowMillis) : set.arg("PX").arg(windowMillis));
    }
    return send(requests, "promote").map(Collections.nCopies(keys.size(), null));
  }

  /** Releases claims whose commit failed, so a retry is accepted rather than called a duplicate. */
  public void release(List<String> claimed) {
    List<Request> requests = new ArrayList<>(claimed.size());
    for (String key : claimed) {
      requests.add(Request.cmd(Command.DEL).arg(key));
    }
    send(requests, "release");
  }

  /** A best-effort pipeline: failures are logged at debug and swallowed. */
  private Future<Void> send(List<Request> requests, String what) {
    if (requests.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.batch(requests)
      .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
      .<Void>mapEmpty()
      .recover(failure -> {
        LOG.debug("Redis {} of {} key(s) failed: {}", what, requests.size(), failure.toString());
        return Future.succeededFuture();
      });
  }
}
