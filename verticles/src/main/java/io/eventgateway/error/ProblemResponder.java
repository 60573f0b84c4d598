package io.eventgateway.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP responses. Expected failures ({@link GatewayException})
 * are answered with their own status; anything else is logged with its stack trace and answered 500
 * without internals.
 */
public final class ProblemResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  private ProblemResponder() {
  }

  /** A failure handler for a Vert.x Web router: maps the routing failure to problem+json. */
  public static void handleFailure(RoutingContext ctx) {
    respond(ctx, errorOf(ctx));
  }

  /** The problem a routing failure stands for; an unexpected exception is logged here, once. */
  public static GatewayException errorOf(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof GatewayException ge) {
      return ge;
    }
    if (failure == null) {
      return fromStatus(ctx.statusCode());
    }
    LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
    return new GatewayException(ErrorCode.INTERNAL, "The request failed unexpectedly; it was logged");
  }

  public static void respond(RoutingContext ctx, GatewayException error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late to change the status: the client sees a cut response, which it must treat as unknown.
      response.reset();
      return;
    }
    Problem problem = Problem.of(error, ctx.request().path());
    response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (error.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
    }
    response.end(problem.toJson().toBuffer());
  }

  /** Router-generated statuses (404, 405, 413 from the body handler...) as problems. */
  static GatewayException fromStatus(int status) {
    return switch (status) {
      case 400 -> new GatewayException(ErrorCode.BAD_REQUEST, "The request could not be read");
      case 404 -> new GatewayException(ErrorCode.NOT_FOUND, "No such resource");
      case 405 -> new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
      case 413 -> new GatewayException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds the configured limit");
      case 415 -> new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
      default -> new GatewayException(ErrorCode.INTERNAL, "The request failed with status " + status);
    };
  }
}
