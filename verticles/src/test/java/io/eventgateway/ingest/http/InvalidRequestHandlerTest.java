package io.eventgateway.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidRequestHandlerTest {
  private final InvalidRequestHandler handler = new InvalidRequestHandler(
    GatewayConfig.from(new ConfigSource(Map.of(), Map.of(), "test")).http(), io.eventgateway.metrics.GatewayMetrics.noop());

  @Test
  void decoderFailuresBecomeTheirOwnProblems() {
    GatewayException line = handler.problem(new TooLongHttpLineException("An HTTP line is larger than 4096 bytes."));
    assertEquals(ErrorCode.URI_TOO_LONG, line.code());
    assertEquals("The request line is longer than 4096 bytes", line.detail());
    assertEquals(ErrorCode.HEADERS_TOO_LARGE, handler.problem(new TooLongHttpHeaderException("big")).code());
    assertEquals(ErrorCode.BAD_FRAMING, handler.problem(new FramingException("both")).code());

    GatewayException other = handler.problem(new IllegalArgumentException("Multiple Content-Length values found"));
    assertEquals(ErrorCode.BAD_REQUEST, other.code());
    assertEquals("The request is not valid HTTP/1.1: Multiple Content-Length values found", other.detail());
    assertTrue(handler.problem(new IllegalArgumentException("x".repeat(1000))).detail().length() < 300);
  }

  @Test
  void theseAnswersCloseTheConnection() {
    assertTrue(ErrorCode.URI_TOO_LONG.closesConnection());
    assertTrue(ErrorCode.HEADERS_TOO_LARGE.closesConnection());
    assertTrue(ErrorCode.BAD_FRAMING.closesConnection());
    assertTrue(ErrorCode.REQUEST_TIMEOUT.closesConnection());
  }
}
