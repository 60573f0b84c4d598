package io.eventgateway.stream;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks rows published after Kafka acknowledged them, grouped like the outbox writer: one UPDATE per
 * round trip, the next one as soon as the previous finished. A failed UPDATE is retried after a pause;
 * until a row is marked, the relay keeps owning it, so the poller will not send it a second time.
 * Used on the relay's event loop only.
 */
final class PublishedMarker {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedMarker.class);
  private static final String MARK = "UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])";
  private static final long RETRY_DELAY_MS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final Consumer<List<Long>> onMarked;
  private List<Long> pending = new ArrayList<>();
  private boolean running;

  PublishedMarker(Vertx vertx, Pool pool, Consumer<List<Long>> onMarked) {
    this.vertx = vertx;
    this.pool = pool;
    this.onMarked = onMarked;
  }

  void mark(long seq) {
    pending.add(seq);
    flush();
  }

  private void flush() {
    if (running || pending.isEmpty()) {
      return;
    }
    running = true;
    List<Long> batch = pending;
    pending = new ArrayList<>();
    pool.preparedQuery(MARK).execute(Tuple.of(batch.toArray(new Long[0])))
      .onSuccess(rows -> {
        running = false;
        onMarked.accept(batch);
        flush();
      })
      .onFailure(failure -> {
        LOG.warn("Marking {} row(s) published failed, retrying: {}", batch.size(), failure.toString());
        batch.addAll(pending);
        pending = batch;
        vertx.setTimer(RETRY_DELAY_MS, id -> {
          running = false;
          flush();
        });
      });
  }
}
