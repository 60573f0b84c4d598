package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small load generator for ITs that need more traffic than blocking clients give: a closed loop (to
 * find what the gateway sustains) and an open loop at a fixed rate (to overload it). Runs on its own
 * Vert.x instance; every event has a unique id under one source, and accepted ids are kept for the
 * delivery check.
 */
final class LoadSender implements AutoCloseable {
  /**
   * What one phase saw. {@code unsent}: requests the open loop could not even start (its own limit);
   * {@code acceptedPer5s}: accepted answers by 5 s window of the phase, to show drift within it.
   */
  record Counts(long accepted, long shed, long other, long unsent, String firstOther, long seconds,
                List<Long> acceptedPer5s) {
    double acceptedPerSecond() {
      return accepted / (double) seconds;
    }
  }

  private static final int MAX_IN_FLIGHT = 4000;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client;
  private final int port;
  private final String source;
  private final AtomicLong ids = new AtomicLong();
  private final Queue<String> acceptedIds = new ConcurrentLinkedQueue<>();
  private final AtomicLong shedWithoutRetryAfter = new AtomicLong();

  LoadSender(int port, String source, int connections) {
    this.port = port;
    this.source = source;
    this.client = vertx.httpClientBuilder()
      // Idle connections are dropped before the gateway's 60 s idle timeout closes them under a request.
      .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20).setConnectTimeout(5000))
      .with(new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(MAX_IN_FLIGHT))
      .build();
  }

  private final class Phase {
    long accepted;
    long shed;
    long other;
    long unsent;
    long inFlight;
    String firstOther;
    final long startNanos = System.nanoTime();
    final List<Long> acceptedPer5s = new ArrayList<>();

    Future<Integer> send() {
      String id = "o-" + ids.getAndIncrement();
      inFlight++;
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/events").putHeader("content-type", "application/cloudevents+json").setTimeout(30_000);
      return client.request(options)
        .compose(request -> request.send(Buffer.buffer(event(source, id).encode())))
        .compose(response -> response.body().map(body -> {
          if (response.statusCode() == 503 && response.getHeader("retry-after") == null) {
            shedWithoutRetryAfter.incrementAndGet();
          }
          return response.statusCode();
        }))
        .onComplete(result -> {
          inFlight--;
          int status = result.succeeded() ? result.result() : -1;
          if (status == 202) {
            accepted++;
            int slot = (int) ((System.nanoTime() - startNanos) / 5_000_000_000L);
            while (acceptedPer5s.size() <= slot) {
              acceptedPer5s.add(0L);
            }
            acceptedPer5s.set(slot, acceptedPer5s.get(slot) + 1);
            acceptedIds.add(id);
          } else if (status == 503) {
            shed++;
          } else {
            other++;
            if (firstOther == null) {
              firstOther = result.succeeded() ? "status " + status : result.cause().toString();
            }
          }
        });
    }

    Counts counts(long seconds) {
      return new Counts(accepted, shed, other, unsent, firstOther, seconds, List.copyOf(acceptedPer5s));
    }
  }

  /** {@code concurrency} clients, each sending its next event as soon as the last one was answered. */
  Counts closedLoop(int concurrency, Duration duration) {
    Promise<Counts> done = Promise.promise();
    vertx.runOnContext(v -> {
      Phase phase = new Phase();
      long end = System.nanoTime() + duration.toNanos();
      Runnable[] loop = new Runnable[1];
      loop[0] = () -> phase.send().onComplete(r -> {
        if (System.nanoTime() < end) {
          loop[0].run();
        } else if (phase.inFlight == 0) {
          done.tryComplete(phase.counts(duration.toSeconds()));
        }
      });
      for (int i = 0; i < concurrency; i++) {
        loop[0].run();
      }
    });
    return done.future().await();
  }

  /**
   * Closed-loop windows of 5 s until two in a row agree within 15 %, at most {@code max}: a just-started
   * JVM has run four times slower in its first half-minute than after it, while the JIT compiled.
   */
  void warmUp(int concurrency, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    double last = 0;
    while (System.nanoTime() < deadline) {
      double rate = closedLoop(concurrency, Duration.ofSeconds(5)).acceptedPerSecond();
      if (last > 0 && Math.abs(rate - last) <= 0.15 * last) {
        return;
      }
      last = rate;
    }
  }

  /** Sends at {@code ratePerSecond} for {@code duration}, whatever the answers; waits for the last answer. */
  Counts openLoop(double ratePerSecond, Duration duration) {
    Promise<Counts> done = Promise.promise();
    vertx.runOnContext(v -> {
      Phase phase = new Phase();
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long[] sent = {0};
      vertx.setPeriodic(1, timer -> {
        long now = Math.min(System.nanoTime(), end);
        long due = (long) ((now - start) / 1e9 * ratePerSecond);
        for (; sent[0] < due; sent[0]++) {
          if (phase.inFlight >= MAX_IN_FLIGHT) {
            phase.unsent++;
          } else {
            phase.send();
          }
        }
        if (now >= end) {
          vertx.cancelTimer(timer);
          vertx.setPeriodic(10, wait -> {
            if (phase.inFlight == 0) {
              vertx.cancelTimer(wait);
              done.complete(phase.counts(duration.toSeconds()));
            }
          });
        }
      });
    });
    return done.future().await();
  }

  List<String> acceptedIds() {
    return List.copyOf(acceptedIds);
  }

  long shedWithoutRetryAfter() {
    return shedWithoutRetryAfter.get();
  }

  @Override
  public void close() {
    client.close().await();
    vertx.close().await();
  }
}
