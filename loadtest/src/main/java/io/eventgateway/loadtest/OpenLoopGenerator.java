package io.eventgateway.loadtest;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.eventgateway.loadtest.EventFactory.SentEvent;
import io.eventgateway.loadtest.RequestSender.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.function.Consumer;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Sends each request (an HTTP POST, or a WebSocket message: see {@link RequestSender}) at its intended time
 * on the scenario's arrival schedule, whatever happened to earlier requests (open model). A 1 ms tick sends every request that is due; latency is recorded from
 * the intended time, which corrects coordinated omission: if the server stalls, the requests that
 * should have been sent during the stall are charged for it. If the generator's own loop falls more
 * than 100 ms behind its schedule inside the measured window, the run is marked invalid. Shorter stalls
 * of its own (garbage collection) are reported beside the latency, not hidden in it.
 */
final class OpenLoopGenerator {
  private static final long TICK_MS = 1;
  private static final long LAG_LIMIT_NANOS = 100_000_000L;

  private final Vertx vertx;
  private final Scenario scenario;
  private final RequestSender sender;
  private final EventFactory events;
  private final RunRecorder recorder;
  private final Promise<RunRecorder> done = Promise.promise();
  private final Consumer<String> progress;
  private final GcPauses gcPauses = new GcPauses();
  private final CpuSteal steal = new CpuSteal();
  private long startNanos;
  private long measureFromNanos;
  private long endNanos;
  private long nextIntendedNanos;
  private boolean scheduleDone;
  private long sent;
  private long completed;

  /**
   * @param keepAcks keep every acknowledged event for delivery verification (the recorder holds none
   *     otherwise)
   */
  OpenLoopGenerator(Vertx vertx, Scenario scenario, URI target, EventFactory events, boolean keepAcks,
                    Consumer<String> progress, HistogramLogWriter log) {
    this.recorder = new RunRecorder(keepAcks);
    recorder.logTo(log);
    this.vertx = vertx;
    this.scenario = scenario;
    this.events = events;
    this.progress = progress;
    this.sender = scenario.transport() == Scenario.Transport.WEBSOCKET
      ? new WebSocketSender(vertx, target, scenario.connections())
      : new HttpSender(vertx, target, scenario.connections());
  }

  /** Runs the whole schedule; completes when every request sent has an outcome. */
  Future<RunRecorder> run() {
    // The sender's connections belong to the generator's context: everything happens on its one thread.
    vertx.runOnContext(v -> sender.start()
      .onFailure(failure -> {
        gcPauses.close();
        done.tryFail(failure);
      })
      .onSuccess(started -> {
        startNanos = System.nanoTime();
        measureFromNanos = startNanos + scenario.warmup().toNanos();
        endNanos = measureFromNanos + scenario.duration().toNanos();
        nextIntendedNanos = startNanos;
        if (scenario.warmup().isZero()) {
          steal.start();
        } else {
          vertx.setTimer(scenario.warmup().toMillis(), id -> steal.start());
        }
        vertx.setPeriodic(TICK_MS, this::tick);
        vertx.setPeriodic(1000, id -> {
          if (!done.future().isComplete()) {
            progress.accept(recorder.closeSecond((System.nanoTime() - startNanos) / 1_000_000_000L, sent, completed));
          } else {
            vertx.cancelTimer(id);
          }
        });
      }));
    return done.future();
  }

  /** Ends the schedule now (on the generator's context): what was sent is still answered. */
  void endNow() {
    endNanos = Math.min(endNanos, System.nanoTime());
  }

  /** The latest closed second of the run (on the generator's context), or null before the first. */
  JsonObject lastSecond() {
    return recorder.lastSecond();
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
    sender.send(request).onComplete(result -> {
      long end = System.nanoTime();
      Answer answer = result.succeeded() ? result.result() : Answer.UNKNOWN;
      recorder.record(answer.outcome(), measured, request.events().length, end - intendedNanos, end - sentNanos);
      // Events the gateway acknowledged (accepted or duplicate) must be in Kafka afterwards.
      long now = System.currentTimeMillis();
      for (int i : answer.acknowledged()) {
        SentEvent event = request.events()[i];
        recorder.acked(event.id(), sentMillis, now);
      }
      completed++;
      finishIfDone();
    });
  }

  private void finishIfDone() {
    if (scheduleDone && completed == sent && !done.future().isComplete()) {
      if (sender instanceof WebSocketSender sockets) {
        sockets.stop();
      }
      recorder.generatorGc(gcPauses.between(measureFromNanos, System.nanoTime()));
      gcPauses.close();
      recorder.cpuSteal(steal.sinceStart());
      done.complete(recorder);
    }
  }
}
