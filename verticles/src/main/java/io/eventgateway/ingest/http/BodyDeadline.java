package io.eventgateway.ingest.http;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Bounds how long a request's body may take to arrive after its headers, which Vert.x's body handler
 * does not: a client that sends a body slowly (or never) is answered 408 and its connection closed.
 * Installed as the router's first handler. If the request was already answered (413, 404...) while its
 * body is still coming, the connection is closed without a second answer.
 */
public final class BodyDeadline implements Handler<RoutingContext> {
  private final long timeoutMillis;

  public BodyDeadline(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      Vertx vertx = ctx.vertx();
      long timer = vertx.setTimer(timeoutMillis, id -> expire(ctx));
      // end() completes when the last byte arrived, whoever reads the body (or nobody does).
      request.end().onComplete(arrived -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  private void expire(RoutingContext ctx) {
    if (ctx.response().ended()) {
      ctx.request().connection().close();
      return;
    }
    ctx.fail(new GatewayException(ErrorCode.REQUEST_TIMEOUT,
      "The request body did not fully arrive within " + timeoutMillis + " ms of its headers"));
  }
}
