package io.eventgateway.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** The management port as an operator (or Kubernetes, or Prometheus) sees it. */
final class ManagementClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ManagementClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Health(int status, JsonObject json) {
    /** The data of one named check, e.g. "redis". */
    JsonObject check(String id) {
      for (Object c : json.getJsonArray("checks")) {
        JsonObject check = (JsonObject) c;
        if (id.equals(check.getString("id"))) {
          return check.getJsonObject("data", new JsonObject()).put("status", check.getString("status"));
        }
      }
      throw new AssertionError("no check " + id + " in " + json.encodePrettily());
    }
  }

  Health ready() {
    HttpResponse<String> response = get("/health/ready");
    return new Health(response.statusCode(), new JsonObject(response.body()));
  }

  int live() {
    return get("/health/live").statusCode();
  }

  String metrics() {
    return get("/metrics").body();
  }

  /** The value of the first sample line that starts with {@code series} (name plus label prefix). */
  double metric(String series) {
    for (String line : metrics().split("\n")) {
      if (line.startsWith(series)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + series);
  }

  /** Waits until the port answers 200 ready, failing early if {@code alive} turns false. */
  void awaitReadyOrDown(Duration timeout, java.util.function.BooleanSupplier alive) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new AssertionError("the gateway process exited before it was ready");
      }
      try {
        if (ready().status() == 200) {
          return;
        }
      } catch (IllegalStateException notListeningYet) {
        // still starting
      }
      Pause.millis(200);
    }
    throw new AssertionError("the gateway was not ready within " + timeout);
  }

  /** Polls readiness until it matches, or fails with the last answer. */
  Health awaitReady(Predicate<Health> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Health health = ready();
    while (!condition.test(health)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("readiness never matched; last: " + health.status() + " " + health.json().encode());
      }
      Pause.millis(100);
      health = ready();
    }
    return health;
  }

  /** Any request to the management port, e.g. the outbox API: ("POST", "/dead-letters/12/replay"). */
  GatewayClient.Reply send(String method, String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
      return new GatewayClient.Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(null),
        response.headers().firstValue("retry-after").orElse(null), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    try {
      // The request's own timeout ends at the response's head: a body that stalls is bounded here.
      return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
