package io.eventgateway.stream;

import io.eventgateway.outbox.OutboxDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relays' wake-up channel, {@code eventgateway_outbox}, both ways. Listening: a notification makes
 * this relay read the outbox at once. Notifying: after this instance committed rows of shards another
 * instance publishes, {@link #wakeOthers()} sends one {@code NOTIFY} in a statement of its own.
 *
 * <p>Why not from the INSERT's transaction (a trigger): PostgreSQL takes a database-wide lock from a
 * transaction's first NOTIFY until its commit ends, so every group commit would wait for every other one;
 * that alone cut ingestion to a fraction. Sent on its own, after the commit, a notification costs no
 * commit anything, and it is coalesced: one in flight at a time, at most one more queued behind it,
 * however many commits asked. A single instance publishes every shard and never notifies. Best effort
 * both ways: while listening or notifying fails, the relays' adaptive polling finds the rows.
 */
final class OutboxNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifications.class);
  private static final long RECONNECT_DELAY_MS = 1000;

  private final PgSubscriber subscriber;
  private final Pool pool;
  private boolean notifying;
  private boolean notifyAgain;

  /** {@code onCommit} runs on every notification; {@code pool} carries this instance's notifications. */
  OutboxNotifications(Vertx vertx, String pgUri, Pool pool, Runnable onCommit) {
    this.pool = pool;
    this.subscriber = PgSubscriber.subscriber(vertx, PgConnectOptions.fromUri(pgUri))
      .reconnectPolicy(retries -> RECONNECT_DELAY_MS);
    subscriber.channel(OutboxDatabase.RELAY_CHANNEL).handler(payload -> onCommit.run());
  }

  /** Never fails: without notifications the relay still polls. */
  Future<Void> start() {
    return subscriber.connect()
      .recover(e -> {
        LOG.warn("Cannot listen for outbox commits ({}); relying on polling until it can", e.toString());
        return Future.succeededFuture();
      });
  }

  /** Rows for other instances' shards committed: wake their relays. Relay context only. */
  void wakeOthers() {
    if (notifying) {
      notifyAgain = true;
      return;
    }
    notifying = true;
    notifyAgain = false;
    pool.query(OutboxDatabase.WAKE_RELAYS).execute()
      .onComplete(done -> {
        if (done.failed()) {
          LOG.debug("Could not notify the other relays: {}", done.cause().toString());
        }
        notifying = false;
        // Commits that asked while this one was out may have come after it: one more covers them all.
        if (notifyAgain) {
          wakeOthers();
        }
      });
  }

  Future<Void> close() {
    return subscriber.close().recover(e -> Future.succeededFuture());
  }
}
