package io.eventgateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.stream.PublishWatch.Publication;
import io.eventgateway.stream.PublishWatch.State;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishWatchTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aReportEndsTheWaitWithWhereTheRowLanded() throws Exception {
    PublishWatch watch = new PublishWatch(10);
    Future<Publication> wait = watch.await(context, 7, 60_000);
    watch.complete(7, Publication.published("events", 2, 41));
    Publication publication = wait.await(5, TimeUnit.SECONDS);
    assertEquals(State.PUBLISHED, publication.state());
    assertEquals(41, publication.offset());
    assertEquals(0, watch.waiting());
  }

  @Test
  void theTimeoutEndsTheWaitAsPendingAndALateReportIsIgnored() throws Exception {
    PublishWatch watch = new PublishWatch(10);
    Publication publication = watch.await(context, 7, 20).await(5, TimeUnit.SECONDS);
    assertEquals(State.PENDING, publication.state());
    watch.complete(7, Publication.published("events", 0, 1));
    assertEquals(0, watch.waiting());
  }

  @Test
  void aFullWatchAnswersPendingAtOnceInsteadOfQueueing() throws Exception {
    PublishWatch watch = new PublishWatch(2);
    watch.await(context, 1, 60_000);
    watch.await(context, 2, 60_000);
    assertEquals(State.PENDING, watch.await(context, 3, 60_000).await(1, TimeUnit.SECONDS).state());
    assertEquals(2, watch.waiting());
  }

  @Test
  void onlyWaitsOlderThanTheLocalPathAreLookedUp() throws InterruptedException {
    PublishWatch watch = new PublishWatch(10);
    watch.await(context, 1, 60_000);
    assertEquals(List.of(), watch.overdue(TimeUnit.MILLISECONDS.toNanos(50), 10));
    Thread.sleep(60);
    assertEquals(List.of(1L), watch.overdue(TimeUnit.MILLISECONDS.toNanos(50), 10));
    watch.complete(1, Publication.dead("events", "RecordTooLargeException"));
    assertTrue(watch.overdue(0, 10).isEmpty());
  }
}
