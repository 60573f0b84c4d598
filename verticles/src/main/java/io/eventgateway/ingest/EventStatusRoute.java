package io.eventgateway.ingest;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.outbox.EventStatusReader;
import io.eventgateway.overload.AdmissionControl;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /events/{source}/{id}} (both percent-encoded, see {@link EventPath}): where an accepted
 * event is, while the outbox retains its row; 404 before it was accepted and after retention removed it.
 * A read, not ingestion: it takes no ingress permit and is not counted among the events' outcomes, so it
 * answers by itself instead of failing into the ingest routes' failure handler. While PostgreSQL is
 * known to be down it answers 503 at once.
 */
final class EventStatusRoute implements Handler<RoutingContext> {
  private final EventStatusReader reader;
  private final BackendStatus postgres;

  EventStatusRoute(EventStatusReader reader, BackendStatus postgres) {
    this.reader = reader;
    this.postgres = postgres;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.next();
      return;
    }
    EventPath event;
    try {
      event = EventPath.parse(ctx.request().path());
    } catch (GatewayException e) {
      ProblemResponder.respond(ctx, e);
      return;
    }
    if (event == null) {
      ctx.next();
      return;
    }
    if (!postgres.up()) {
      ProblemResponder.respond(ctx, AdmissionControl.storageUnavailable(postgres,
        "The outbox database is unavailable, so the event's status cannot be read; retry later"));
      return;
    }
    reader.read(event.source(), event.id())
      .onSuccess(status -> {
        if (status.isEmpty()) {
          ProblemResponder.respond(ctx, new GatewayException(ErrorCode.NOT_FOUND, "No event (" + event.source() + ", "
            + event.id() + ") in the outbox: it was never accepted, or its row is past retention"));
          return;
        }
        ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
          .end(status.get().toJson().toBuffer());
      })
      .onFailure(failure -> ProblemResponder.respond(ctx,
        GatewayException.wrap(failure, ErrorCode.INTERNAL, "The event's status could not be read")));
  }
}
