package io.eventgateway.ingest.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's HTTP/1.1 request decoder with two guards Vert.x 5 has no option for:
 * <ul>
 *   <li><b>Unambiguous framing.</b> A request with both Content-Length and Transfer-Encoding, with
 *   Transfer-Encoding in HTTP/1.0, or with a transfer coding other than a lone {@code chunked}, is refused
 *   (RFC 9112, sections 6.1 and 6.3): a proxy in front could frame it differently and smuggle a request
 *   inside its body. Netty's decoder instead drops Content-Length and reads chunks, or guesses.</li>
 *   <li><b>Header deadline.</b> A request's line and headers must arrive within the header timeout,
 *   counted from the connection's opening for the first request, and from the first byte of each
 *   follow-up request on a kept-alive connection (an idle kept-alive connection is the idle timeout's
 *   business). Otherwise the connection is closed, however steadily a slow client trickles bytes.</li>
 * </ul>
 * A refused request carries a failed decoder result, so Vert.x hands it to the server's invalid request
 * handler ({@link InvalidRequestHandler}).
 *
 * <p>This is the one class that uses Vert.x internals ({@code VertxHttpRequestDecoder}, which builds the
 * request objects Vert.x expects; {@code ConnectionBase#channel()}; the pipeline name {@code httpDecoder}),
 * because the decoder is not pluggable. {@link #install} swaps it in from the server's connection handler,
 * which Vert.x calls before the connection's first byte is decoded. If a Vert.x upgrade changes these
 * internals, {@link #install} logs a warning and the connection runs unguarded.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(StrictRequestDecoder.class);
  private static final String DECODER_NAME = "httpDecoder";
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final long headerTimeoutNanos;
  private ScheduledFuture<?> headDeadline;
  private boolean awaitingHead = true;

  StrictRequestDecoder(HttpServerOptions options, Duration headerTimeout) {
    super(options);
    this.headerTimeoutNanos = headerTimeout.toNanos();
  }

  /** Replaces Vert.x's request decoder on a new HTTP/1.x server connection. */
  public static void install(HttpConnection connection, HttpServerOptions options, Duration headerTimeout) {
    ChannelPipeline pipeline = connection instanceof ConnectionBase base ? base.channel().pipeline() : null;
    if (pipeline != null && pipeline.get(DECODER_NAME) instanceof VertxHttpRequestDecoder decoder) {
      if (!(decoder instanceof StrictRequestDecoder)) {
        pipeline.replace(DECODER_NAME, DECODER_NAME, new StrictRequestDecoder(options, headerTimeout));
      }
    } else if (WARNED.compareAndSet(false, true)) {
      LOG.warn("HTTP connection {} has no '{}' handler to replace: framing checks and the header timeout are off",
        connection.getClass().getName(), DECODER_NAME);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    armHeadDeadline(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (awaitingHead && headDeadline == null && in.isReadable()) {
      armHeadDeadline(ctx);
    }
    int first = out.size();
    super.decode(ctx, in, out);
    for (int i = first; i < out.size(); i++) {
      Object message = out.get(i);
      if (message instanceof HttpRequest request) {
        awaitingHead = false;
        cancelHeadDeadline();
        refuseAmbiguousFraming(request);
      }
      if (message instanceof LastHttpContent) {
        awaitingHead = true;
      }
    }
  }

  /** Netty's default drops Content-Length and reads the chunks; the request is refused instead. */
  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new FramingException("Content-Length and Transfer-Encoding must not both be sent");
  }

  /** The framings Netty accepts without reaching the method above (HTTP/1.0, other codings). */
  private static void refuseAmbiguousFraming(HttpRequest request) {
    HttpHeaders headers = request.headers();
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (codings.isEmpty() || !request.decoderResult().isSuccess()) {
      return;
    }
    String problem;
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      problem = "Content-Length and Transfer-Encoding must not both be sent";
    } else if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
      problem = "Transfer-Encoding is not allowed in an HTTP/1.0 request";
    } else if (codings.size() > 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim())) {
      problem = "Transfer-Encoding must be 'chunked' alone; no other transfer coding is supported";
    } else {
      return;
    }
    request.setDecoderResult(DecoderResult.failure(new FramingException(problem)));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    super.channelInactive(ctx);
    cancelHeadDeadline();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    cancelHeadDeadline();
    super.handlerRemoved0(ctx);
  }

  private void armHeadDeadline(ChannelHandlerContext ctx) {
    headDeadline = ctx.executor().schedule(() -> expireHead(ctx), headerTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void cancelHeadDeadline() {
    if (headDeadline != null) {
      headDeadline.cancel(false);
      headDeadline = null;
    }
  }

  private void expireHead(ChannelHandlerContext ctx) {
    headDeadline = null;
    if (awaitingHead) {
      LOG.debug("Closing the connection from {}: no complete request line and headers within {} ms",
        ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
      ctx.channel().close();
    }
  }
}
