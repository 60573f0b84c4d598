package io.eventgateway.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictRequestDecoderTest {
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

  private final EmbeddedChannel channel = channel();

  private static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new StrictRequestDecoder(new HttpServerOptions(), HEADER_TIMEOUT));
    return channel;
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void send(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
  }

  private HttpRequest request() {
    return assertInstanceOf(HttpRequest.class, channel.readInbound());
  }

  private void elapse(Duration duration) {
    channel.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  private Throwable refusal(String head) {
    send(head);
    HttpRequest request = request();
    assertTrue(request.decoderResult().isFailure(), head);
    return request.decoderResult().cause();
  }

  @Test
  void aPlainChunkedOrFixedLengthRequestPasses() {
    send("POST /events HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
    assertTrue(request().decoderResult().isSuccess());
    ReferenceCountUtil.release(channel.readInbound());
    send("POST /events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    assertTrue(request().decoderResult().isSuccess());
  }

  @Test
  void contentLengthWithChunkedIsRefusedNotSilentlyDropped() {
    Throwable cause = refusal("POST /events HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "0\r\n\r\nPOST /events HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
    assertInstanceOf(FramingException.class, cause);
    assertNull(channel.readInbound(), "the smuggled request behind it is never decoded");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "POST /events HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    "POST /events HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    "POST /events HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: gzip\r\n\r\n",
    "POST /events HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    "POST /events HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
    "POST /events HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"})
  void transferEncodingIsRefusedInHttp10AndWithOtherCodings(String head) {
    assertInstanceOf(FramingException.class, refusal(head));
  }

  @Test
  void aConnectionWithoutACompleteHeadIsClosedAtTheDeadlineHoweverSteadyTheTrickle() {
    String head = "POST /events HTTP/1.1\r\nX-Slow: " + "a".repeat(100);
    int sent = 0;
    while (channel.isOpen()) {
      send(head.substring(sent, sent + 1));
      sent++;
      elapse(Duration.ofMillis(300));
    }
    assertEquals(34, sent, "one byte every 300 ms, closed at the first check past 10 s");
  }

  @Test
  void aSilentConnectionIsClosedAtTheDeadline() {
    elapse(HEADER_TIMEOUT.minusMillis(1));
    assertTrue(channel.isOpen());
    elapse(Duration.ofMillis(1));
    assertFalse(channel.isOpen());
  }

  @Test
  void aCompleteHeadStopsTheClockAndAKeptAliveConnectionMayIdle() {
    send("POST /events HTTP/1.1\r\nContent-Length: 2\r\n\r\n");
    request();
    elapse(HEADER_TIMEOUT.multipliedBy(3));
    assertTrue(channel.isOpen(), "the body's pace is the body deadline's business");
    send("{}");
    assertInstanceOf(LastHttpContent.class, channel.readInbound());
    elapse(HEADER_TIMEOUT.multipliedBy(3));
    assertTrue(channel.isOpen(), "idle between requests: the idle timeout's business");
  }

  @Test
  void theNextRequestsHeadIsTimedFromItsFirstByte() {
    send("GET /a HTTP/1.1\r\n\r\n");
    request();
    assertInstanceOf(HttpContent.class, channel.readInbound());
    elapse(HEADER_TIMEOUT.multipliedBy(2));
    send("GET /b HTTP/1.1\r\n");
    elapse(HEADER_TIMEOUT.minusMillis(1));
    assertTrue(channel.isOpen());
    elapse(Duration.ofMillis(1));
    assertFalse(channel.isOpen());
  }
}
