package io.eventgateway.ingest;

import io.eventgateway.config.GatewayConfig.HttpConfig;
import io.eventgateway.config.GatewayConfig.IngressConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.Problem;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.ingest.http.BodyDeadline;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.overload.AdmissionControl.Permit;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CloudEvents HTTP binding: {@code POST /events} (structured or binary mode) and
 * {@code POST /events/batch}. Answers are sent only after the events committed; errors are problem+json.
 * A request's events pass admission control first (shed at once with 503 when the gateway is full or
 * PostgreSQL is down) and then have {@code ingress.request-timeout} to be answered.
 * {@code GET /events/{source}/{id}} is delegated to the event status route.
 */
public final class IngestRoutes {
  /** Routing-context key: how many events the request carried, for the refused-events metric. */
  private static final String EVENT_COUNT = "eventgateway.events";

  private final IngestService service;
  private final HttpConfig http;
  private final CloudEventParser parser;
  private final AdmissionControl admission;
  private final long requestTimeoutMillis;
  private final GatewayMetrics metrics;
  private final Handler<RoutingContext> eventStatus;

  public IngestRoutes(IngestService service, HttpConfig http, IngressConfig ingress, AdmissionControl admission,
                      GatewayMetrics metrics, Handler<RoutingContext> eventStatus) {
    this.service = service;
    this.http = http;
    this.parser = new CloudEventParser(
      new JsonBodyReader(http.maxJsonDepth(), http.maxNumberLength(), http.maxStringLength()));
    this.admission = admission;
    this.requestTimeoutMillis = ingress.requestTimeout().toMillis();
    this.metrics = metrics;
    this.eventStatus = eventStatus;
  }

  public Router router(io.vertx.core.Vertx vertx) {
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(http.maxBodyBytes());
    // First on every request: the body handler has no timeout of its own.
    router.route().handler(new BodyDeadline(http.bodyTimeout()));
    // GET /events/{source}/{id}: a route without path or method, as it reads the raw path itself (see
    // EventPath) and passes on what is not its own; one with either would change the router's 404s and 405s.
    router.route().handler(eventStatus);
    // The media type is checked on a route of its own, before the body is read: Vert.x Web wants the
    // body handler first on any route that has one, and a wrong type deserves 415 without reading the body.
    router.post("/events/batch").handler(this::requireBatchMediaType);
    router.post("/events/batch").handler(body).handler(this::batch);
    router.post("/events").handler(this::requireSingleMediaType);
    router.post("/events").handler(body).handler(this::single);
    router.route().failureHandler(this::refuse);
    for (int status : new int[] {404, 405, 413, 415, 500}) {
      router.errorHandler(status, this::refuse);
    }
    return router;
  }

  private void requireSingleMediaType(RoutingContext ctx) {
    String type = MediaTypes.baseType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    boolean binary = ctx.request().getHeader("ce-specversion") != null;
    if (!binary && !MediaTypes.CLOUDEVENTS_JSON.equals(type) && !MediaTypes.JSON.equals(type)) {
      throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "POST /events takes "
        + MediaTypes.CLOUDEVENTS_JSON + " or " + MediaTypes.JSON + " (structured mode), or ce-* headers (binary"
        + " mode); batches go to /events/batch. Got: " + (type == null ? "no content type" : type));
    }
    ctx.next();
  }

  private void requireBatchMediaType(RoutingContext ctx) {
    String type = MediaTypes.baseType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (!MediaTypes.CLOUDEVENTS_BATCH_JSON.equals(type) && !MediaTypes.JSON.equals(type)) {
      throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "POST /events/batch takes "
        + MediaTypes.CLOUDEVENTS_BATCH_JSON + " (a JSON array of events). Got: "
        + (type == null ? "no content type" : type));
    }
    ctx.next();
  }

  private void single(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String type = MediaTypes.baseType(contentType);
    boolean structured = MediaTypes.CLOUDEVENTS_JSON.equals(type)
      || (MediaTypes.JSON.equals(type) && ctx.request().getHeader("ce-specversion") == null);
    CloudEvent event = structured
      ? CloudEventParser.structured(parser.parseObject(ctx.body().buffer()))
      : parser.binary(ctx.request().headers(), contentType, ctx.body().buffer());
    ingest(List.of(event))
      .onSuccess(statuses -> {
        IngestStatus status = statuses.get(0);
        if (status == IngestStatus.IN_PROGRESS) {
          ctx.fail(inProgress(event));
          return;
        }
        count(status);
        ctx.response().setStatusCode(202)
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
          .end(new JsonObject().put("id", event.id()).put("source", event.source())
            .put("status", status.wireName()).toBuffer());
      })
      .onFailure(ctx::fail);
  }

  private void batch(RoutingContext ctx) {
    JsonArray items = parser.parseArray(ctx.body().buffer());
    if (items.size() > http.maxBatchItems()) {
      throw new GatewayException(ErrorCode.BATCH_TOO_LARGE,
        "The batch has " + items.size() + " events; the limit is " + http.maxBatchItems());
    }
    if (items.isEmpty()) {
      throw new GatewayException(ErrorCode.INVALID_EVENT, "The batch is empty");
    }
    ctx.put(EVENT_COUNT, items.size());
    BatchResult result = new BatchResult(items.size());
    List<CloudEvent> valid = new ArrayList<>(items.size());
    List<Integer> validIndexes = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        valid.add(CloudEventParser.structured(items.getValue(i)));
        validIndexes.add(i);
      } catch (GatewayException e) {
        result.rejected(i, items.getValue(i), new Problem(e.code(), e.detail(), null));
        metrics.refused(e.code(), 1);
      }
    }
    if (valid.isEmpty()) {
      respondNoneValid(ctx, result);
      return;
    }
    ctx.put(EVENT_COUNT, valid.size());
    ingest(valid)
      .onSuccess(statuses -> {
        for (int v = 0; v < valid.size(); v++) {
          CloudEvent event = valid.get(v);
          if (statuses.get(v) == IngestStatus.IN_PROGRESS) {
            result.rejected(validIndexes.get(v), event.json(),
              new Problem(ErrorCode.DUPLICATE_IN_PROGRESS, inProgress(event).detail(), null));
            metrics.refused(ErrorCode.DUPLICATE_IN_PROGRESS, 1);
          } else {
            result.ingested(validIndexes.get(v), event, statuses.get(v));
            count(statuses.get(v));
          }
        }
        ctx.response().setStatusCode(result.httpStatus())
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
          .end(result.toJson().toBuffer());
      })
      .onFailure(ctx::fail);
  }

  /**
   * The durable path under admission control and the request deadline. The permit is released when the
   * work ends, on every path (commit, failure, backend timeout), not when the client is answered or
   * goes away: until then the events still occupy the gateway. Backend timeouts bound that time.
   */
  private Future<List<IngestStatus>> ingest(List<CloudEvent> events) {
    Permit permit = admission.admit(events.size());
    Future<List<IngestStatus>> work;
    try {
      work = service.ingest(events);
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
    return work
      .onComplete(done -> permit.release())
      .timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
        ? new GatewayException(ErrorCode.DEADLINE_EXCEEDED, "The events were not committed within "
          + requestTimeoutMillis + " ms; whether they will be is unknown. Retry: a retry is deduplicated")
        : failure));
  }

  private void count(IngestStatus status) {
    if (status == IngestStatus.ACCEPTED) {
      metrics.accepted(1);
    } else {
      metrics.duplicate(1);
    }
  }

  /** Every refused request ends here: counted by problem type, then answered as problem+json. */
  private void refuse(RoutingContext ctx) {
    GatewayException error = ProblemResponder.errorOf(ctx);
    Integer events = ctx.get(EVENT_COUNT);
    metrics.refused(error.code(), events == null ? 1 : events);
    ProblemResponder.respond(ctx, error);
  }

  private void respondNoneValid(RoutingContext ctx, BatchResult result) {
    JsonObject problem = new Problem(ErrorCode.NO_VALID_EVENTS,
      "None of the " + result.size() + " events is valid; see results", ctx.request().path()).toJson();
    problem.mergeIn(result.toJson());
    ctx.response().setStatusCode(ErrorCode.NO_VALID_EVENTS.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
      .end(problem.toBuffer());
  }

  private static GatewayException inProgress(CloudEvent event) {
    return new GatewayException(ErrorCode.DUPLICATE_IN_PROGRESS, "Event (" + event.source() + ", " + event.id()
      + ") is being committed by another request; retry to learn whether it was accepted");
  }
}
