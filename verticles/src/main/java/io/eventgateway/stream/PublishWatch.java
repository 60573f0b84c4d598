package io.eventgateway.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests waiting until their rows reached Kafka ({@code ?ack=published}), by outbox seq. Two things
 * end a wait: the local relay reporting a row it published or dead-lettered (the fast path), or
 * {@link PublishWatchPoller} finding the row's outcome in the outbox (rows of shards another instance
 * publishes, and any report that came before the wait was registered). A wait that outlives its timeout
 * ends with {@link Publication#PENDING}: the event is committed and will still reach Kafka.
 *
 * <p>Bounded: past {@code maxWaiters} rows waiting, a new wait ends at once as pending rather than
 * queueing. Shared by every event loop and the relay; each wait completes on the context that waits.
 */
public final class PublishWatch {
  /** The outcome of one row as far as the wait could tell. */
  public record Publication(State state, String topic, int partition, long offset, String reason) {
    public static final Publication PENDING = new Publication(State.PENDING, null, -1, -1, null);

    public static Publication published(String topic, int partition, long offset) {
      return new Publication(State.PUBLISHED, topic, partition, offset, null);
    }

    public static Publication dead(String topic, String reason) {
      return new Publication(State.DEAD, topic, -1, -1, reason);
    }
  }

  public enum State { PUBLISHED, DEAD, PENDING }

  private static final class Waiter {
    final Context context;
    final Promise<Publication> promise;
    final long sinceNanos = System.nanoTime();
    long timer = -1;

    Waiter(Context context) {
      this.context = context;
      this.promise = Promise.promise();
    }
  }

  private final Map<Long, Waiter> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final int maxWaiters;

  public PublishWatch(int maxWaiters) {
    this.maxWaiters = maxWaiters;
  }

  /**
   * Waits for row {@code seq} on the caller's context, for at most {@code timeoutMillis}. A full watch,
   * or a seq already waited for, answers pending at once.
   */
  public Future<Publication> await(Context context, long seq, long timeoutMillis) {
    if (waiting.incrementAndGet() > maxWaiters) {
      waiting.decrementAndGet();
      return Future.succeededFuture(Publication.PENDING);
    }
    Waiter waiter = new Waiter(context);
    if (waiters.putIfAbsent(seq, waiter) != null) {
      waiting.decrementAndGet();
      return Future.succeededFuture(Publication.PENDING);
    }
    waiter.timer = context.owner().setTimer(timeoutMillis, id -> {
      if (waiters.remove(seq, waiter)) {
        waiting.decrementAndGet();
        waiter.promise.tryComplete(Publication.PENDING);
      }
    });
    return waiter.promise.future();
  }

  /** Ends the wait on row {@code seq}, if any (any thread). */
  public void complete(long seq, Publication publication) {
    if (waiting.get() == 0) {
      return; // the common case: nobody asked for ack=published
    }
    Waiter waiter = waiters.remove(seq);
    if (waiter != null) {
      waiting.decrementAndGet();
      waiter.context.runOnContext(v -> {
        waiter.context.owner().cancelTimer(waiter.timer);
        waiter.promise.tryComplete(publication);
      });
    }
  }

  /** Seqs of rows waited for longer than {@code minWaitNanos}: the poller looks them up. At most {@code limit}. */
  List<Long> overdue(long minWaitNanos, int limit) {
    List<Long> seqs = new ArrayList<>();
    if (waiting.get() == 0) {
      return seqs;
    }
    long now = System.nanoTime();
    for (Map.Entry<Long, Waiter> e : waiters.entrySet()) {
      if (now - e.getValue().sinceNanos >= minWaitNanos) {
        seqs.add(e.getKey());
        if (seqs.size() >= limit) {
          break;
        }
      }
    }
    return seqs;
  }

  public int waiting() {
    return waiting.get();
  }
}
