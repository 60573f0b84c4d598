package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;

import io.eventgateway.it.GatewayClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady client traffic while a test breaks a backend: a few threads post unique events one after
 * another and remember every answer, so the test can check afterwards that each acknowledged event is
 * in Kafka exactly once and that each refusal was a clean, retriable one.
 */
final class Traffic implements AutoCloseable {
  /** One answer: status, Retry-After, and how long the request took. */
  record Answer(int status, String retryAfter, String contentType, long millis, String body) {
  }

  private final GatewayClient client;
  private final String source;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  Traffic(GatewayClient client, String source, int threads) {
    this.client = client;
    this.source = source;
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(this::run, "it-traffic-" + t);
      thread.setDaemon(true);
      this.threads.add(thread);
      thread.start();
    }
  }

  private void run() {
    while (running.get()) {
      String id = "t-" + next.getAndIncrement();
      long start = System.nanoTime();
      Reply reply = client.postStructured(event(source, id));
      long millis = (System.nanoTime() - start) / 1_000_000;
      answers.put(id, new Answer(reply.status(), reply.retryAfter(), reply.contentType(), millis, reply.body()));
      if (reply.status() != 202) {
        Pause.millis(50); // a polite client backs off a little after a refusal
      }
    }
  }

  /** Waits until at least {@code count} more answers arrived, so a phase surely saw traffic. */
  Traffic awaitMore(int count) {
    int target = answers.size() + count;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (answers.size() < target && System.nanoTime() < deadline) {
      Pause.millis(20);
    }
    return this;
  }

  /** Stops the threads and returns every answer by event id. */
  Map<String, Answer> stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Map.copyOf(answers);
  }

  String source() {
    return source;
  }

  @Override
  public void close() {
    stop();
  }
}
