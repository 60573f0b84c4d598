package io.eventgateway.ingest;

import io.eventgateway.batch.CallerContext;
import io.eventgateway.config.GatewayConfig.HttpConfig;
import io.eventgateway.config.GatewayConfig.IngressConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.Problem;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.ingest.IngestService.Committed;
import io.eventgateway.ingest.http.BodyDeadline;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.overload.AdmissionControl;
import io.eventgateway.overload.AdmissionControl.Permit;
import io.eventgateway.stream.PublishWatch;
import io.eventgateway.stream.PublishWatch.Publication;
import io.eventgateway.stream.PublishWatch.State;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CloudEvents HTTP binding: {@code POST /events} (structured or binary mode) and
 * {@code POST /events/batch}. Answers are sent only after the events committed; errors are problem+json.
 * A request's events pass admission control first (shed at once with 503 when the gateway is full or
 * PostgreSQL is down) and then have {@code ingress.request-timeout} to be answered. With
 * {@code ?ack=published} the answer waits, after the commit, for Kafka's acknowledgement too (see
 * {@link AckMode}); the ingress permit is not held while it waits.
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
  private final PublishWatch publishWatch;
  private final Duration ackTimeout;

  public IngestRoutes(IngestService service, HttpConfig http, IngressConfig ingress, AdmissionControl admission,
                      GatewayMetrics metrics, Handler<RoutingContext> eventStatus, PublishWatch publishWatch) {
    this.service = service;
    this.http = http;
    this.parser = new CloudEventParser(
      new JsonBodyReader(http.maxJsonDepth(), http.maxNumberLength(), http.maxStringLength()));
    this.admission = admission;
    this.requestTimeoutMillis = ingress.requestTimeout().toMillis();
    this.metrics = metrics;
    this.eventStatus = eventStatus;
    this.publishWatch = publishWatch;
    this.ackTimeout = ingress.ackTimeout();
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
    AckMode ack = AckMode.of(ctx.queryParams(), ackTimeout);
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String type = MediaTypes.baseType(contentType);
    boolean structured = MediaTypes.CLOUDEVENTS_JSON.equals(type)
      || (MediaTypes.JSON.equals(type) && ctx.request().getHeader("ce-specversion") == null);
    CloudEvent event = structured
      ? CloudEventParser.structured(parser.parseObject(ctx.body().buffer()))
      : parser.binary(ctx.request().headers(), contentType, ctx.body().buffer());
    ingest(List.of(event))
      .compose(committed -> awaitPublished(ack, committed.seqs())
        .map(publications -> new Answer(committed.statuses().get(0), publications.get(0))))
      .onSuccess(answer -> {
        if (answer.status() == IngestStatus.IN_PROGRESS) {
          ctx.fail(inProgress(event));
          return;
        }
        count(answer.status());
        JsonObject body = new JsonObject().put("id", event.id()).put("source", event.source());
        Publication publication = answer.publication();
        if (publication == null) {
          respond(ctx, 202, body.put("status", answer.status().wireName()));
        } else if (publication.state() == State.DEAD) {
          // Committed (and counted accepted), but Kafka refused it for good: not a refusal of the request.
          JsonObject problem = new Problem(ErrorCode.DEAD_LETTERED, "Event (" + event.source() + ", " + event.id()
            + ") was committed, but Kafka refused it for good: " + publication.reason() + ". It is in the"
            + " dead-letter topic and can be replayed once the cause is fixed", ctx.request().path()).toJson();
          ctx.response().setStatusCode(ErrorCode.DEAD_LETTERED.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            // RFC 9457's "status" is the HTTP status: the event's identity and reason go beside it.
            .end(problem.mergeIn(body).put("topic", publication.topic()).put("reason", publication.reason()).toBuffer());
        } else {
          respond(ctx, publication.state() == State.PUBLISHED ? 200 : 202, PublishedAnswer.describe(body, publication));
        }
      })
      .onFailure(ctx::fail);
  }

  private void batch(RoutingContext ctx) {
    AckMode ack = AckMode.of(ctx.queryParams(), ackTimeout);
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
      .compose(committed -> awaitPublished(ack, committed.seqs())
        .map(publications -> {
          List<Answer> answers = new ArrayList<>(valid.size());
          for (int v = 0; v < valid.size(); v++) {
            answers.add(new Answer(committed.statuses().get(v), publications.get(v)));
          }
          return answers;
        }))
      .onSuccess(answers -> {
        for (int v = 0; v < valid.size(); v++) {
          CloudEvent event = valid.get(v);
          Answer answer = answers.get(v);
          if (answer.status() == IngestStatus.IN_PROGRESS) {
            result.rejected(validIndexes.get(v), event.json(),
              new Problem(ErrorCode.DUPLICATE_IN_PROGRESS, inProgress(event).detail(), null));
            metrics.refused(ErrorCode.DUPLICATE_IN_PROGRESS, 1);
          } else {
            result.ingested(validIndexes.get(v), event, answer.status(), answer.publication());
            count(answer.status());
          }
        }
        respond(ctx, result.httpStatus(), result.toJson(ack.published()));
      })
      .onFailure(ctx::fail);
  }

  /**
   * The durable path under admission control and the request deadline. The permit is released when the
   * work ends, on every path (commit, failure, backend timeout), not when the client is answered or
   * goes away: until then the events still occupy the gateway. Backend timeouts bound that time.
   */
  private Future<Committed> ingest(List<CloudEvent> events) {
    Permit permit = admission.admit(events.size());
    Future<Committed> work;
    try {
      work = service.commit(events);
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
    // The deadline runs on this event loop, whichever context the work's future has (Redis down: none).
    return CallerContext.of(work)
      .onComplete(done -> permit.release())
      .timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
        ? new GatewayException(ErrorCode.DEADLINE_EXCEEDED, "The events were not committed within "
          + requestTimeoutMillis + " ms; whether they will be is unknown. Retry: a retry is deduplicated")
        : failure));
  }

  /** With ack=published, waits for Kafka's acknowledgement of the rows committed; counts how each wait ended. */
  private Future<List<Publication>> awaitPublished(AckMode ack, long[] seqs) {
    return ack.await(publishWatch, seqs).onSuccess(publications -> publications.forEach(p -> {
      if (p != null) {
        metrics.ackWaited(p.state().name().toLowerCase(java.util.Locale.ROOT));
      }
    }));
  }

  /** One event's outcome: its commit, and with ack=published what Kafka made of it (else null). */
  private record Answer(IngestStatus status, Publication publication) {
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
      .end(body.toBuffer());
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
