package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis ceiling for the dedup claim: {@code SET key v NX PX 60000} on new keys, pipelined 100 to a
 * batch, from 2 connections at once, as the gateway's claim flushes do. Latency is one pipeline's
 * round trip. Keys expire after a minute; on the embedded stack they are flushed right away.
 */
final class RedisCeiling {
  static final int BATCH = 100;
  static final int CONNECTIONS = 2;
  static final String SETUP = "SET key v NX PX 60000 on new keys, " + BATCH + " per pipeline, "
    + CONNECTIONS + " connections";

  private final Vertx vertx;
  private final String uri;
  private final String prefix = "ceiling:" + Long.toString(System.currentTimeMillis(), 36) + ":";
  private final AtomicLong nextKey = new AtomicLong();

  RedisCeiling(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.uri = uri;
  }

  Ceiling measure(Plan plan) {
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(uri)
      .setMaxPoolSize(CONNECTIONS).setMaxPoolWaiting(1024));
    try {
      Measurement measurement = Measurement.start(plan);
      ClosedLoop.run(CONNECTIONS, measurement, () -> claimBatch(redis))
        .await(plan.warmupSeconds() + plan.seconds() + 60L, TimeUnit.SECONDS);
      return measurement.result("redis", "sets", SETUP);
    } catch (Exception e) {
      return Ceiling.failed("redis", "sets", SETUP, Measurement.describe(e));
    } finally {
      Quietly.await(redis.close(), "closing the Redis client");
    }
  }

  private Future<Integer> claimBatch(Redis redis) {
    List<Request> requests = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      requests.add(Request.cmd(Command.SET).arg(prefix + nextKey.getAndIncrement()).arg("v").arg("NX")
        .arg("PX").arg(60_000));
    }
    return redis.batch(requests).map(responses -> responses.size());
  }
}
