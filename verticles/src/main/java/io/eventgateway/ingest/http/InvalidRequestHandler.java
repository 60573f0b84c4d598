package io.eventgateway.ingest.http;

import io.eventgateway.config.GatewayConfig.HttpConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.error.ProblemResponder;
import io.eventgateway.metrics.GatewayMetrics;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests whose head the HTTP decoder rejected, which Vert.x hands to
 * {@code HttpServer.invalidRequestHandler} instead of the router: problem+json instead of Vert.x's empty
 * answer, and the connection closed, since the rest of the byte stream cannot be read reliably.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
  private static final int MAX_CAUSE_LENGTH = 200;

  private final HttpConfig http;
  private final GatewayMetrics metrics;

  public InvalidRequestHandler(HttpConfig http, GatewayMetrics metrics) {
    this.http = http;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest request) {
    GatewayException problem = problem(request.decoderResult().cause());
    metrics.refused(problem.code(), 1);
    ProblemResponder.respondUndecodable(request, problem);
  }

  GatewayException problem(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new GatewayException(ErrorCode.URI_TOO_LONG,
        "The request line is longer than " + http.maxInitialLineLength() + " bytes");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new GatewayException(ErrorCode.HEADERS_TOO_LARGE,
        "The request headers are larger than " + http.maxHeaderSize() + " bytes");
    }
    if (cause instanceof FramingException framing) {
      return new GatewayException(ErrorCode.BAD_FRAMING, framing.getMessage());
    }
    String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new GatewayException(ErrorCode.BAD_REQUEST, "The request is not valid HTTP/1.1"
      + (reason.length() > MAX_CAUSE_LENGTH ? reason.substring(0, MAX_CAUSE_LENGTH) + "..." : reason));
  }
}
