package io.eventgateway.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
    if (failure == null || (ctx.statusCode() >= 400 && ctx.statusCode() < 500)) {
      // A client error found by Vert.x (e.g. the body handler on a body the HTTP decoder rejected).
      return fromStatus(ctx.statusCode());
    }
    if (ctx.response().closed() || ctx.response().ended()) {
      // The client went away mid-request, or the connection was closed on purpose (a body timeout, a
      // malformed chunk) and the body handler reports it afterwards: expected, not a bug.
      LOG.debug("{} {} failed after its connection closed: {}", ctx.request().method(), ctx.request().path(),
        failure.toString());
      return new GatewayException(ErrorCode.BAD_REQUEST, "The connection closed before the request was read");
    }
    LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
    return new GatewayException(ErrorCode.INTERNAL, "The request failed unexpectedly; it was logged");
  }

  /** Answers with the problem, unless there is nobody left to answer (connection closed, answer sent). */
  public static void respond(RoutingContext ctx, GatewayException error) {
    if (ctx.response().closed() || ctx.response().ended()) {
      LOG.debug("No answer for {} {}: the connection is closed or the response sent ({})", ctx.request().method(),
        ctx.request().path(), error.code().slug());
      return;
    }
    respond(ctx.request(), error, ctx.request().path(), error.code().closesConnection());
  }

  /**
   * Answers a request whose head the HTTP decoder rejected, before any routing: without an
   * {@code instance}, since the path of such a request cannot be trusted, and closing the connection,
   * since the rest of its byte stream cannot be read reliably.
   */
  public static void respondUndecodable(HttpServerRequest request, GatewayException error) {
    respond(request, error, null, true);
  }

  private static void respond(HttpServerRequest request, GatewayException error, String instance, boolean close) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      // Too late to change the status: the client sees a cut response, which it must treat as unknown.
      response.reset();
      return;
    }
    Problem problem = Problem.of(error, instance);
    response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (error.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
    }
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      response.end(problem.toJson().toBuffer()).onComplete(sent -> request.connection().close());
    } else {
      response.end(problem.toJson().toBuffer());
    }
  }

  /** Router-generated statuses (404, 405, 413 from the body handler...) as problems. */
  static GatewayException fromStatus(int status) {
    return switch (status) {
      case 400 -> new GatewayException(ErrorCode.BAD_REQUEST, "The request could not be read");
      case 404 -> new GatewayException(ErrorCode.NOT_FOUND, "No such resource");
      case 405 -> new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
      case 413 -> new GatewayException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds the configured limit");
      case 415 -> new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
      default -> status >= 400 && status < 500
        ? new GatewayException(ErrorCode.BAD_REQUEST, "The request could not be read")
        : new GatewayException(ErrorCode.INTERNAL, "The request failed with status " + status);
    };
  }
}
