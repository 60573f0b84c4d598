package io.eventgateway.loadtest.ceilings;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Drives an asynchronous operation from a fixed number of lanes, each starting its next round trip as
 * soon as the previous one completed (closed model: the highest rate the component sustains at that
 * concurrency, not its latency at a given rate).
 */
final class ClosedLoop {
  private ClosedLoop() {
  }

  /**
   * Runs lanes until the measurement stops; the future completes when every lane has finished its last
   * round trip. operation yields the number of operations one round trip completed.
   */
  static Future<Void> run(int lanes, Measurement measurement, Supplier<Future<Integer>> operation) {
    return runLanes(lanes, measurement, lane -> operation.get());
  }

  /** As {@link #run}, for operations that keep state per lane: each is given its lane's index. */
  static Future<Void> runLanes(int lanes, Measurement measurement, IntFunction<Future<Integer>> operation) {
    List<Future<Void>> done = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      Promise<Void> lane = Promise.promise();
      next(measurement, operation, i, lane);
      done.add(lane.future());
    }
    return Future.all(done).mapEmpty();
  }

  private static void next(Measurement measurement, IntFunction<Future<Integer>> operation, int index,
                           Promise<Void> lane) {
    if (!measurement.sending()) {
      lane.complete();
      return;
    }
    long start = System.nanoTime();
    Future<Integer> trip;
    try {
      trip = operation.apply(index);
    } catch (RuntimeException e) {
      trip = Future.failedFuture(e);
    }
    trip.onComplete(result -> {
      if (result.succeeded()) {
        measurement.record(start, result.result());
      } else {
        // One failure ends the whole measurement: a ceiling with errors in it is not a ceiling.
        measurement.fail(result.cause());
      }
      next(measurement, operation, index, lane);
    });
  }
}
