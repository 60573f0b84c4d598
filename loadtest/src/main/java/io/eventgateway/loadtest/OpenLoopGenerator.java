package io.eventgateway.loadtest;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.eventgateway.loadtest.EventFactory.SentEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.function.Consumer;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Sends each request at its intended time on the scenario's arrival schedule, whatever happened to
 * earlier requests (open model). A 1 ms tick sends every request that is due; latency is recorded from
 * the intended time, which corrects coordinated omission: if the server stalls, the requests that
 * should have been sent during the stall are charged for it. If the generator's own loop falls more
 * than 100 ms behind its schedule inside the measured window, the run is marked invalid.
 */
final class OpenLoopGenerator {
  private static final long TICK_MS = 1;
  private static final long LAG_LIMIT_NANOS = 100_000_000L;

  private final Vertx vertx;
  private final Scenario scenario;
  private final URI target;
  private final HttpClientAgent client;
  private final EventFactory events;
  private final RunRecorder recorder = new RunRecorder();
  private final Promise<RunRecorder> done = Promise.promise();
  private final Consumer<String> progress;
  private long startNanos;
  private long measureFromNanos;
  private long endNanos;
  private long nextIntendedNanos;
  private boolean scheduleDone;
  private long sent;
  private long completed;

  OpenLoopGenerator(Vertx vertx, Scenario scenario, URI target, EventFactory events, Consumer<String> progress,
                    HistogramLogWriter log) {
    recorder.logTo(log);
    this.vertx = vertx;
    this.scenario = scenario;
    this.target = target;
    this.events = events;
    this.progress = progress;
    this.client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000))
      .with(new PoolOptions().setHttp1MaxSize(scenario.connections()).setMaxWaitQueueSize(-1))
      .build();
  }

  /** Runs the whole schedule; completes when every request sent has an outcome. */
  Future<RunRecorder> run() {
    vertx.runOnContext(v -> {
      startNanos = System.nanoTime();
      measureFromNanos = startNanos + scenario.warmup().toNanos();
      endNanos = measureFromNanos + scenario.duration().toNanos();
      nextIntendedNanos = startNanos;
      vertx.setPeriodic(TICK_MS, this::tick);
      vertx.setPeriodic(1000, id -> {
        if (!done.future().isComplete()) {
          progress.accept(recorder.closeSecond((System.nanoTime() - startNanos) / 1_000_000_000L, sent, completed));
        } else {
          vertx.cancelTimer(id);
        }
      });
    });
    return done.future();
  }

  long measureFromNanos() {
    return measureFromNanos;
  }

  private void tick(long timerId) {
    long now = System.nanoTime();
    long lag = now - nextIntendedNanos;
    if (nextIntendedNanos >= measureFromNanos && lag > LAG_LIMIT_NANOS && nextIntendedNanos < endNanos) {
      recorder.scheduleLag(lag, (long) (lag * scenario.schedule().rateAt(0) / 1e9));
    }
    while (nextIntendedNanos <= now && nextIntendedNanos < endNanos) {
      send(nextIntendedNanos);
      double t = (nextIntendedNanos - measureFromNanos) / 1e9;
      nextIntendedNanos += scenario.schedule().nextGapNanos(t, scenario.warmup().toMillis() / 1000.0);
    }
    if (nextIntendedNanos >= endNanos) {
      scheduleDone = true;
      vertx.cancelTimer(timerId);
      finishIfDone();
    }
  }

  private void send(long intendedNanos) {
    sent++;
    boolean measured = intendedNanos >= measureFromNanos;
    long sentNanos = System.nanoTime();
    long sentMillis = System.currentTimeMillis();
    RequestBody request = events.next();
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(target.getHost())
      .setPort(target.getPort())
      .setURI(request.batch() ? "/events/batch" : "/events")
      .putHeader("content-type", request.batch() ? "application/cloudevents-batch+json" : "application/cloudevents+json")
      .setTimeout(30_000);
    client.request(options)
      .compose(req -> req.send(request.body()))
      .compose(response -> response.body().map(body -> new Response(response.statusCode(), body.toString())))
      .onComplete(result -> {
        long end = System.nanoTime();
        Response response = result.succeeded() ? result.result() : new Response(-1, null);
        Outcome outcome = Outcome.of(response.status(), response.body());
        recorder.record(outcome, measured, request.events().length, end - intendedNanos, end - sentNanos);
        recordAcks(request, response, sentMillis);
        completed++;
        finishIfDone();
      });
  }

  private record Response(int status, String body) {
  }

  /** Events the gateway acknowledged (2xx accepted or duplicate) must be in Kafka afterwards. */
  private void recordAcks(RequestBody request, Response response, long sentMillis) {
    if (response.status() < 200 || response.status() >= 300) {
      return;
    }
    long now = System.currentTimeMillis();
    if (!request.batch()) {
      SentEvent event = request.events()[0];
      recorder.acked(event.id(), event.key(), sentMillis, now);
      return;
    }
    JsonArray results = new JsonObject(response.body()).getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      String status = results.getJsonObject(i).getString("status");
      if ("accepted".equals(status) || "duplicate".equals(status)) {
        SentEvent event = request.events()[i];
        recorder.acked(event.id(), event.key(), sentMillis, now);
      }
    }
  }

  private void finishIfDone() {
    if (scheduleDone && completed == sent && !done.future().isComplete()) {
      done.complete(recorder);
    }
  }
}
