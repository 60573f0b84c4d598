package io.eventgateway.overload;

import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on open ingest connections per instance, shared by every event loop. Permits bound events
 * once their body is read; this bounds what can be read at once (connections times the body limit), and
 * the sockets and buffers behind them. A connection over the limit is closed as soon as it opens: a
 * client (or its load balancer) sees the refusal at once and tries another instance.
 */
public final class ConnectionLimit {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong();

  public ConnectionLimit(int max) {
    this.max = max;
  }

  /** Counts a new connection in, or closes it if the limit is reached; returns whether it was kept. */
  public boolean admit(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      long total = refused.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last > LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
        LOG.warn("{} open connections (http.max-connections): refused {} connection(s) so far", max, total);
      }
      connection.close();
      return false;
    }
    connection.closeHandler(v -> open.decrementAndGet());
    return true;
  }

  public int open() {
    return open.get();
  }

  public long refused() {
    return refused.get();
  }
}
