package io.eventgateway.ingest.ws;

import io.eventgateway.ingest.CloudEvent;
import io.eventgateway.ingest.IngestService;
import io.eventgateway.ingest.IngestStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A socket's events through the shared durable path ({@link IngestService}), with one addition: an event
 * that another request is committing right now ({@link IngestStatus#IN_PROGRESS}) is asked about again
 * after a short pause, until its outcome is known or the deadline is near. A socket usually meets this
 * with its own repeats: the previous message's commit is done but its dedup key not yet promoted.
 * HTTP answers 409 instead, since its client can retry on its own; a socket's acks come in order, so
 * one unsettled event would hold back every later ack until the client's retry.
 */
final class BatchIngest {
  private static final long FIRST_PAUSE_MS = 20;
  private static final long MAX_PAUSE_MS = 500;

  private final Vertx vertx;
  private final IngestService service;

  BatchIngest(Vertx vertx, IngestService service) {
    this.vertx = vertx;
    this.service = service;
  }

  /** The statuses of the events, in order; IN_PROGRESS only for events still unsettled near the deadline. */
  Future<List<IngestStatus>> ingest(List<CloudEvent> events, long deadlineNanos) {
    return attempt(events).compose(statuses -> settle(events, statuses, deadlineNanos, FIRST_PAUSE_MS));
  }

  private Future<List<IngestStatus>> attempt(List<CloudEvent> events) {
    try {
      return service.ingest(events);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<List<IngestStatus>> settle(List<CloudEvent> events, List<IngestStatus> statuses, long deadlineNanos,
                                            long pauseMs) {
    List<Integer> unsettled = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) == IngestStatus.IN_PROGRESS) {
        unsettled.add(i);
      }
    }
    if (unsettled.isEmpty() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs) >= deadlineNanos) {
      return Future.succeededFuture(statuses);
    }
    List<CloudEvent> again = unsettled.stream().map(events::get).toList();
    return vertx.timer(pauseMs, TimeUnit.MILLISECONDS)
      .compose(v -> attempt(again))
      // A failed re-ask leaves those events in progress: the rest of the batch is committed all the same.
      .transform(retried -> retried.failed()
        ? Future.succeededFuture(statuses)
        : settle(events, merge(statuses, unsettled, retried.result()), deadlineNanos,
          Math.min(2 * pauseMs, MAX_PAUSE_MS)));
  }

  private static List<IngestStatus> merge(List<IngestStatus> statuses, List<Integer> indexes,
                                          List<IngestStatus> retried) {
    List<IngestStatus> merged = new ArrayList<>(statuses);
    for (int k = 0; k < indexes.size(); k++) {
      merged.set(indexes.get(k), retried.get(k));
    }
    return merged;
  }
}
