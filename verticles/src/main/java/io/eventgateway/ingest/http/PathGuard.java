package io.eventgateway.ingest.http;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.metrics.GatewayMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses paths with a malformed percent-escape ({@code /events%ZZ}) before they reach the router, whose
 * path normalization would otherwise throw: a plain-text 400 and an ERROR with a stack trace, instead of
 * a problem+json 400 like every other bad request.
 */
public final class PathGuard implements Handler<HttpServerRequest> {
  private final Handler<HttpServerRequest> next;
  private final GatewayMetrics metrics;

  public PathGuard(Handler<HttpServerRequest> next, GatewayMetrics metrics) {
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (wellEscaped(request.path())) {
      next.handle(request);
      return;
    }
    GatewayException problem = new GatewayException(ErrorCode.BAD_REQUEST,
      "The request path has a malformed percent-escape ('%' must be followed by two hex digits)");
    metrics.refused(problem.code(), 1);
    ProblemResponder.respondUndecodable(request, problem);
  }

  static boolean wellEscaped(String path) {
    if (path == null) {
      return true;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
