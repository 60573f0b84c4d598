package io.eventgateway.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.UUID;

/**
 * Sends each request at its intended time on a fixed-rate schedule, whatever happened to earlier
 * requests (open model). A 1 ms tick sends every request that is due; latency is recorded from the intended time,
 * which corrects coordinated omission: if the server stalls, the requests that should have been sent
 * during the stall are charged for it.
 */
final class OpenLoopGenerator {
  private static final long TICK_MS = 1;

  private final Vertx vertx;
  private final LoadPlan plan;
  private final HttpClientAgent client;
  private final LoadReport report = new LoadReport();
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final String padding;
  private final Promise<LoadReport> done = Promise.promise();
  private final URI target;
  private long startNanos;
  private long measureFromNanos;
  private long endNanos;
  private long nextIntendedNanos;
  private boolean scheduleDone;
  private long sent;
  private long completed;

  OpenLoopGenerator(Vertx vertx, LoadPlan plan) {
    this.vertx = vertx;
    this.plan = plan;
    this.target = URI.create(plan.target());
    this.client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000))
      .with(new PoolOptions().setHttp1MaxSize(plan.connections()).setMaxWaitQueueSize(-1))
      .build();
    // Pads each event's data so the whole structured event is about eventBytes long.
    this.padding = "x".repeat(Math.max(0, plan.eventBytes() - 200));
  }

  Future<LoadReport> run() {
    vertx.runOnContext(v -> {
      startNanos = System.nanoTime();
      measureFromNanos = startNanos + plan.warmup().toNanos();
      endNanos = measureFromNanos + plan.duration().toNanos();
      nextIntendedNanos = startNanos;
      vertx.setPeriodic(TICK_MS, this::tick);
      vertx.setPeriodic(1000, id -> progress());
    });
    return done.future();
  }

  /** One line a second: what was sent, what came back, what is in flight, and the last second's p99. */
  private void progress() {
    if (!scheduleDone || completed < sent) {
      System.out.println(report.progressLine((System.nanoTime() - startNanos) / 1_000_000_000L, sent, completed));
    }
  }

  private void tick(long timerId) {
    long now = System.nanoTime();
    long lagNanos = now - nextIntendedNanos;
    if (nextIntendedNanos >= measureFromNanos && lagNanos > 100_000_000L) {
      report.noteGeneratorLag(lagNanos * plan.ratePerSecond() / 1_000_000_000L);
    }
    while (nextIntendedNanos <= now && nextIntendedNanos < endNanos) {
      send(sent++, nextIntendedNanos);
      nextIntendedNanos += intervalAt(nextIntendedNanos);
    }
    if (nextIntendedNanos >= endNanos) {
      scheduleDone = true;
      vertx.cancelTimer(timerId);
      finishIfDone(now);
    }
  }

  /**
   * Gap to the next arrival. During warm-up the rate ramps from a tenth of the target to all of it, so a
   * cold JVM (JIT, connection set-up) on either side does not start the measured window with a backlog.
   */
  private long intervalAt(long intendedNanos) {
    double rate = plan.ratePerSecond();
    if (intendedNanos < measureFromNanos) {
      double progress = (double) (intendedNanos - startNanos) / Math.max(1, measureFromNanos - startNanos);
      rate *= 0.1 + 0.9 * progress;
    }
    return (long) (1_000_000_000L / rate);
  }

  private void finishIfDone(long now) {
    if (scheduleDone && completed == sent && !done.future().isComplete()) {
      report.finish(measureFromNanos, now);
      done.complete(report);
    }
  }

  private void send(long seq, long intendedNanos) {
    boolean measured = intendedNanos >= measureFromNanos;
    long sentNanos = System.nanoTime();
    Buffer body = new JsonObject()
      .put("specversion", "1.0")
      .put("id", runId + "-" + seq)
      .put("source", "/loadtest/" + runId)
      .put("type", "com.example.loadtest")
      .put("partitionkey", "key-" + (seq % 1024))
      .put("data", new JsonObject().put("seq", seq).put("pad", padding))
      .toBuffer();
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(target.getHost())
      .setPort(target.getPort())
      .setURI("/events")
      .putHeader("content-type", "application/cloudevents+json")
      .setTimeout(30_000);
    client.request(options)
      .compose(request -> request.send(body))
      .compose(response -> response.body().map(b -> response.statusCode()))
      .onComplete(result -> {
        long end = System.nanoTime();
        report.recordInterval(end - intendedNanos);
        if (measured) {
          report.record(result.succeeded() ? result.result() : -1, end - intendedNanos, end - sentNanos, end);
        }
        completed++;
        finishIfDone(end);
      });
  }
}
