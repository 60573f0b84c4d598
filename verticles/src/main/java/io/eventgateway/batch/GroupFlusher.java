package io.eventgateway.batch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit as a reusable shape: callers submit small groups of items; while the allowed flushes are
 * in flight, new groups wait, and the next flush takes all of them (up to {@code maxBatch} items) in one round
 * trip. Idle, a group is flushed at once (no added latency); busy, batches grow by themselves (fewer
 * round trips and syscalls per item). A group is never split across flushes, and the queue is bounded.
 * With a minimum interval ({@link #minInterval}), a busy flusher also starts flushes at most that often,
 * unless a full batch is waiting: when each flush is quick, batches would otherwise stay tiny.
 *
 * <p>Not thread-safe: one instance per event loop, called on that loop.
 *
 * @param <I> what is submitted
 * @param <O> the per-item result; {@code flush} must return one per item, in order
 */
public final class GroupFlusher<I, O> {
  private record Group<I, O>(List<I> items, Promise<List<O>> promise) {
  }

  private final int maxBatch;
  private final int maxQueued;
  private final int maxInFlight;
  private final Function<List<I>, Future<List<O>>> flush;
  private final Supplier<RuntimeException> queueFull;
  private final ArrayDeque<Group<I, O>> queue = new ArrayDeque<>();
  private int queuedItems;
  private int flushing;
  private long minIntervalNanos;
  private long lastFlushNanos;
  /** The timer of a flush waiting for the minimum interval (set on {@link #timerOwner}), or -1. */
  private long waitTimer = -1;
  private Vertx timerOwner;

  /** One flush in flight at a time: the classic group commit. */
  public GroupFlusher(int maxBatch, int maxQueued, Function<List<I>, Future<List<O>>> flush,
                      Supplier<RuntimeException> queueFull) {
    this(maxBatch, maxQueued, 1, flush, queueFull);
  }

  /**
   * Up to {@code maxInFlight} flushes at once (e.g. as many as the client has connections), so a group
   * waits only when all of them are busy.
   */
  public GroupFlusher(int maxBatch, int maxQueued, int maxInFlight, Function<List<I>, Future<List<O>>> flush,
                      Supplier<RuntimeException> queueFull) {
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.maxInFlight = maxInFlight;
    this.flush = flush;
    this.queueFull = queueFull;
  }

  /**
   * Flushes start at most every {@code interval} while busy; the first after a quiet spell starts at
   * once. Zero (the default) flushes as soon as a flush slot is free. Needs a Vert.x context to wait on.
   */
  public GroupFlusher<I, O> minInterval(Duration interval) {
    this.minIntervalNanos = interval.toNanos();
    this.lastFlushNanos = System.nanoTime() - minIntervalNanos;
    return this;
  }

  /** Submits a group; completes with its items' results once the flush that carried it completed. */
  public Future<List<O>> submit(List<I> items) {
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (queuedItems + items.size() > maxQueued) {
      return Future.failedFuture(queueFull.get());
    }
    // On the caller's context: what callers chain on it (a request's deadline) stays on their event loop.
    Promise<List<O>> promise = CallerContext.promise();
    queue.add(new Group<>(items, promise));
    queuedItems += items.size();
    flushNext();
    return promise.future();
  }

  private void flushNext() {
    if (flushing >= maxInFlight || queue.isEmpty()) {
      return;
    }
    boolean full = queuedItems >= maxBatch;
    if (waitTimer >= 0) {
      if (!full) {
        return;
      }
      timerOwner.cancelTimer(waitTimer); // a full batch does not wait
      waitTimer = -1;
    }
    long now = System.nanoTime();
    long early = lastFlushNanos + minIntervalNanos - now;
    Context context = Vertx.currentContext();
    if (early > 0 && !full && context != null) {
      timerOwner = context.owner();
      waitTimer = timerOwner.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(early)), id -> {
        waitTimer = -1;
        lastFlushNanos = System.nanoTime() - minIntervalNanos; // due now
        flushNext();
      });
      return;
    }
    lastFlushNanos = now;
    flushing++;
    List<Group<I, O>> batch = takeBatch();
    List<I> items = new ArrayList<>();
    batch.forEach(group -> items.addAll(group.items()));
    Future<List<O>> result;
    try {
      result = flush.apply(items);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(outcome -> {
      flushing--;
      if (outcome.succeeded()) {
        List<O> results = outcome.result();
        int offset = 0;
        for (Group<I, O> group : batch) {
          group.promise().complete(results.subList(offset, offset + group.items().size()));
          offset += group.items().size();
        }
      } else {
        batch.forEach(group -> group.promise().fail(outcome.cause()));
      }
      flushNext();
    });
  }

  /** Whole groups, oldest first, up to maxBatch items (a single larger group goes alone). */
  private List<Group<I, O>> takeBatch() {
    List<Group<I, O>> batch = new ArrayList<>();
    int items = 0;
    while (!queue.isEmpty()) {
      int next = queue.peek().items().size();
      if (!batch.isEmpty() && items + next > maxBatch) {
        break;
      }
      Group<I, O> group = queue.poll();
      batch.add(group);
      items += next;
      queuedItems -= next;
    }
    return batch;
  }
}
