package io.eventgateway.app;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.outbox.DeadLetterQuery;
import io.eventgateway.outbox.DeadLetters;
import io.eventgateway.outbox.OutboxCensus;
import io.eventgateway.overload.AdmissionControl;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's operator API on the management port. Unlike health and metrics, these answers come from
 * PostgreSQL (through the management verticle's own small pool), each statement bounded in rows and time:
 * <ul>
 *   <li>{@code GET /outbox/status}: depth, oldest pending age, rows per state, shard owners, relay instances.</li>
 *   <li>{@code GET /dead-letters?topic=&type=&error=&after=&limit=}: dead letters in outbox order, by pages.</li>
 *   <li>{@code POST /dead-letters/{seq}/replay}: one dead row pending again (202), 404 if it is not dead.</li>
 *   <li>{@code POST /dead-letters/replay?topic=&type=&error=}: every matching dead row pending again (202).</li>
 * </ul>
 * Errors are problem+json; while PostgreSQL is known to be down, 503 at once with Retry-After. There is no
 * authentication: the management port must only be reachable from a private network.
 */
final class OutboxAdminRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxAdminRoutes.class);

  private final OutboxCensus census;
  private final DeadLetters deadLetters;
  private final BackendStatus postgres;

  OutboxAdminRoutes(OutboxCensus census, DeadLetters deadLetters, BackendStatus postgres) {
    this.census = census;
    this.deadLetters = deadLetters;
    this.postgres = postgres;
  }

  void mount(Router router) {
    router.get("/outbox/status").handler(ctx -> answer(ctx, 200, census::status));
    router.get("/dead-letters").handler(ctx -> answer(ctx, 200,
      () -> deadLetters.list(DeadLetterQuery.page(ctx.queryParams()))));
    router.post("/dead-letters/replay").handler(ctx -> answer(ctx, 202, () -> {
      DeadLetterQuery query = DeadLetterQuery.replay(ctx.queryParams());
      return deadLetters.replayAll(query).map(count -> new JsonObject().put("replayed", count));
    }));
    router.post("/dead-letters/:seq/replay").handler(ctx -> answer(ctx, 202, () -> {
      long seq = seq(ctx.pathParam("seq"));
      return deadLetters.replay(seq).map(row -> row.orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND,
        "No dead letter with seq " + seq + ": it never was one, or it was replayed or deleted since")));
    }));
  }

  /**
   * Runs the work (which may throw while reading the request) unless PostgreSQL is known to be down, and
   * answers with its JSON or a problem.
   */
  private void answer(RoutingContext ctx, int status, Supplier<Future<JsonObject>> work) {
    Future.<Void>succeededFuture()
      .compose(v -> postgres.up() ? work.get() : Future.failedFuture(AdmissionControl.storageUnavailable(postgres,
        "The outbox database is unavailable; retry later")))
      .onSuccess(json -> ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(json.toBuffer()))
      .onFailure(failure -> {
        if (!(failure instanceof GatewayException)) {
          LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        }
        ProblemResponder.respond(ctx, GatewayException.wrap(failure, ErrorCode.INTERNAL,
          "The request failed unexpectedly; it was logged"));
      });
  }

  private static long seq(String text) {
    try {
      long seq = Long.parseLong(text);
      if (seq > 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // answered below, like a value out of range
    }
    throw new GatewayException(ErrorCode.BAD_REQUEST, "The seq in the path must be a positive integer; got '"
      + text + "'");
  }
}
