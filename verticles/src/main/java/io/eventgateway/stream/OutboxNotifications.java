package io.eventgateway.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN eventgateway_outbox}: the outbox's insert trigger notifies at every commit, so a relay
 * learns at once of rows committed by any instance. Best effort: while the listening connection is down
 * (it reconnects by itself) the relay's adaptive polling finds the rows instead.
 */
final class OutboxNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifications.class);
  static final String CHANNEL = "eventgateway_outbox";
  private static final long RECONNECT_DELAY_MS = 1000;

  private final PgSubscriber subscriber;

  OutboxNotifications(Vertx vertx, String pgUri, Runnable onCommit) {
    this.subscriber = PgSubscriber.subscriber(vertx, PgConnectOptions.fromUri(pgUri))
      .reconnectPolicy(retries -> RECONNECT_DELAY_MS);
    subscriber.channel(CHANNEL).handler(payload -> onCommit.run());
  }

  /** Never fails: without notifications the relay still polls. */
  Future<Void> start() {
    return subscriber.connect()
      .recover(e -> {
        LOG.warn("Cannot listen for outbox commits ({}); relying on polling until it can", e.toString());
        return Future.succeededFuture();
      });
  }

  Future<Void> close() {
    return subscriber.close().recover(e -> Future.succeededFuture());
  }
}
