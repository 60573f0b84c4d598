package io.eventgateway.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupFlusherTest {
  private final List<List<Integer>> flushed = new ArrayList<>();
  private final List<Promise<List<String>>> inFlight = new ArrayList<>();
  private final GroupFlusher<Integer, String> flusher = new GroupFlusher<>(5, 8, items -> {
    flushed.add(items);
    Promise<List<String>> promise = Promise.promise();
    inFlight.add(promise);
    return promise.future();
  }, () -> new IllegalStateException("full"));

  private void completeLast() {
    List<Integer> items = flushed.get(flushed.size() - 1);
    inFlight.get(inFlight.size() - 1).complete(items.stream().map(i -> "r" + i).toList());
  }

  @Test
  void idleSubmitFlushesAtOnceAndBusySubmitsShareTheNextFlush() {
    Future<List<String>> first = flusher.submit(List.of(1));
    assertEquals(List.of(List.of(1)), flushed, "no waiting when idle");

    Future<List<String>> second = flusher.submit(List.of(2, 3));
    Future<List<String>> third = flusher.submit(List.of(4));
    assertEquals(1, flushed.size(), "one flush in flight at a time");

    completeLast();
    assertEquals(List.of("r1"), first.result());
    assertEquals(List.of(2, 3, 4), flushed.get(1), "waiting groups go together");
    completeLast();
    assertEquals(List.of("r2", "r3"), second.result());
    assertEquals(List.of("r4"), third.result());
  }

  @Test
  void groupsAreNeverSplitAndTheQueueIsBounded() {
    flusher.submit(List.of(0));
    Future<List<String>> a = flusher.submit(List.of(1, 2, 3));
    Future<List<String>> b = flusher.submit(List.of(4, 5, 6));
    Future<List<String>> overflow = flusher.submit(List.of(7, 8, 9));
    assertTrue(overflow.failed(), "beyond maxQueued the submit fails at once");

    completeLast();
    assertEquals(List.of(1, 2, 3), flushed.get(1), "b would exceed maxBatch: it waits for the next flush");
    completeLast();
    assertEquals(List.of(4, 5, 6), flushed.get(2));
    completeLast();
    assertTrue(a.succeeded() && b.succeeded());
  }

  @Test
  void aFailedFlushFailsEveryGroupInItAndTheNextFlushStillRuns() {
    flusher.submit(List.of(0));
    Future<List<String>> a = flusher.submit(List.of(1));
    Future<List<String>> b = flusher.submit(List.of(2));
    completeLast();
    inFlight.get(1).fail("boom");
    assertTrue(a.failed() && b.failed());
    Future<List<String>> c = flusher.submit(List.of(3));
    completeLast();
    assertEquals(List.of("r3"), c.result());
  }

  @Test
  void withTwoInFlightASecondGroupDoesNotWait() {
    List<List<Integer>> calls = new ArrayList<>();
    GroupFlusher<Integer, String> wide = new GroupFlusher<>(5, 8, 2, items -> {
      calls.add(items);
      return Promise.<List<String>>promise().future();
    }, () -> new IllegalStateException("full"));
    wide.submit(List.of(1));
    wide.submit(List.of(2));
    wide.submit(List.of(3));
    assertEquals(List.of(List.of(1), List.of(2)), calls, "the third waits for a free slot");
  }

  @Test
  void aTimeoutOnASubmittedGroupFiresOnTheCallersEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<String> firedOn = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        String loop = Thread.currentThread().getName();
        GroupFlusher<Integer, String> neverFlushing = new GroupFlusher<>(5, 8, items -> Promise.<List<String>>promise().future(),
          () -> new IllegalStateException("full"));
        neverFlushing.submit(List.of(1)).timeout(20, TimeUnit.MILLISECONDS)
          .onFailure(e -> firedOn.complete(Thread.currentThread().getName().equals(loop) ? "loop" : Thread.currentThread().getName()));
      });
      assertEquals("loop", firedOn.get(5, TimeUnit.SECONDS));
    } finally {
      vertx.close().await();
    }
  }

  /** Flushes succeed at once, each recorded in {@code calls}; flushes start at most every {@code interval}. */
  private static GroupFlusher<Integer, String> pacedFlusher(int maxBatch, int maxQueued, Duration interval,
                                                            List<List<Integer>> calls) {
    return new GroupFlusher<Integer, String>(maxBatch, maxQueued, items -> {
      calls.add(items);
      return Future.succeededFuture(items.stream().map(i -> "r" + i).toList());
    }, () -> new IllegalStateException("full")).minInterval(interval);
  }

  @Test
  void aMinimumIntervalGrowsBusyBatchesButNeitherDelaysAnIdleOneNorAFullOne() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<List<List<Integer>>> result = new CompletableFuture<>();
      List<List<Integer>> calls = new ArrayList<>();
      vertx.runOnContext(v -> {
        GroupFlusher<Integer, String> paced = pacedFlusher(5, 20, Duration.ofMillis(50), calls);
        paced.submit(List.of(1));
        if (calls.size() != 1) {
          result.completeExceptionally(new AssertionError("idle: flushed at once, was " + calls));
          return;
        }
        paced.submit(List.of(2));
        paced.submit(List.of(3));
        if (calls.size() != 1) {
          result.completeExceptionally(new AssertionError("busy: waits for the interval, was " + calls));
          return;
        }
        paced.submit(List.of(4, 5, 6));
        // 2, 3 and 4-6 are 5 items, a full batch: it goes at once, not after the interval.
        result.complete(new ArrayList<>(calls));
      });
      assertEquals(List.of(List.of(1), List.of(2, 3, 4, 5, 6)), result.get(5, TimeUnit.SECONDS));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aMinimumIntervalFlushesWhatWaitsOnceItPassed() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<List<List<Integer>>> result = new CompletableFuture<>();
      List<List<Integer>> calls = new ArrayList<>();
      vertx.runOnContext(v -> {
        GroupFlusher<Integer, String> paced = pacedFlusher(100, 200, Duration.ofMillis(20), calls);
        paced.submit(List.of(1));
        paced.submit(List.of(2));
        paced.submit(List.of(3)).onComplete(done -> result.complete(new ArrayList<>(calls)));
      });
      assertEquals(List.of(List.of(1), List.of(2, 3)), result.get(5, TimeUnit.SECONDS));
    } finally {
      vertx.close().await();
    }
  }
}
