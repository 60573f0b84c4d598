package io.eventgateway.ingest;

import io.eventgateway.config.ConfigReader;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.stream.PublishWatch;
import io.eventgateway.stream.PublishWatch.Publication;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * When a post is answered: once its events committed (the default, {@code ack=committed}), or once Kafka
 * acknowledged them too ({@code ack=published}), waiting at most {@code timeout} (a query parameter such as
 * {@code 500ms} or {@code 2s}, capped by {@code ingress.ack-timeout}). A wait that runs out answers
 * {@code accepted}: the event is committed and will still reach Kafka.
 */
final class AckMode {
  private final boolean published;
  private final long timeoutMillis;

  private AckMode(boolean published, long timeoutMillis) {
    this.published = published;
    this.timeoutMillis = timeoutMillis;
  }

  /** The request's mode, or a 400 naming the parameter it could not read. */
  static AckMode of(MultiMap params, Duration maxTimeout) {
    String ack = params.get("ack");
    String timeout = params.get("timeout");
    if (ack == null || ack.equals("committed")) {
      if (timeout != null) {
        throw badRequest("timeout applies to ack=published only");
      }
      return new AckMode(false, 0);
    }
    if (!ack.equals("published")) {
      throw badRequest("ack must be committed (the default) or published; got: " + ack);
    }
    long max = maxTimeout.toMillis();
    if (timeout == null) {
      return new AckMode(true, max);
    }
    try {
      long millis = ConfigReader.parseDuration(timeout).toMillis();
      if (millis <= 0) {
        throw badRequest("timeout must be positive; got: " + timeout);
      }
      return new AckMode(true, Math.min(millis, max));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw badRequest("timeout must be a duration such as 500ms or 2s; got: " + timeout);
    }
  }

  boolean published() {
    return published;
  }

  /**
   * Waits, on the caller's context, for the rows this request committed ({@code seqs[i] > 0}); the others
   * get null. Without ack=published nothing is waited for and every entry is null.
   */
  Future<List<Publication>> await(PublishWatch watch, long[] seqs) {
    if (!published) {
      return Future.succeededFuture(Collections.nCopies(seqs.length, null)); // the common case: no wait at all
    }
    List<Future<Publication>> waits = new ArrayList<>(seqs.length);
    Context context = Vertx.currentContext();
    for (long seq : seqs) {
      waits.add(seq > 0 ? watch.await(context, seq, timeoutMillis) : Future.succeededFuture());
    }
    return Future.all(waits).map(all -> {
      List<Publication> outcomes = new ArrayList<>(seqs.length);
      for (int i = 0; i < seqs.length; i++) {
        outcomes.add(all.resultAt(i));
      }
      return outcomes;
    });
  }

  private static GatewayException badRequest(String detail) {
    return new GatewayException(ErrorCode.BAD_REQUEST, detail);
  }
}
