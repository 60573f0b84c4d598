package io.eventgateway.loadtest.ceilings;

import io.eventgateway.loadtest.BaselineServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * HTTP baseline: the do-nothing {@link BaselineServer} (one event loop, as when run alone) in this JVM
 * on a free loopback port, driven by 64 keep-alive connections with one request in flight each from a
 * client on one event loop of its own. What the gateway's HTTP layer could at best do here, with a
 * client's cost on the same cores as in every load test; latency is one request's round trip.
 */
final class HttpCeiling {
  static final int CONNECTIONS = 64;
  static final String SETUP = "do-nothing Vert.x server and client, 1 event loop each, " + CONNECTIONS
    + " keep-alive connections, 1 request in flight each, " + Payloads.EVENT_BYTES + "-byte POST bodies";

  Ceiling measure(Plan plan) {
    // One thread each: on a 2-core machine a third busy event loop would only make the two fight.
    Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClientAgent http = client.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    try {
      HttpServer server = BaselineServer.start(serverVertx, 0).await(10, TimeUnit.SECONDS);
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI("/events")
        .putHeader("content-type", "application/cloudevents+json");
      Buffer body = Buffer.buffer(Payloads.event(1));
      Measurement measurement = Measurement.start(plan);
      ClosedLoop.run(CONNECTIONS, measurement, () -> post(http, request, body))
        .await(plan.warmupSeconds() + plan.seconds() + 60L, TimeUnit.SECONDS);
      return measurement.result("http", "requests", SETUP);
    } catch (Exception e) {
      return Ceiling.failed("http", "requests", SETUP, Measurement.describe(e));
    } finally {
      Quietly.await(http.close(), "closing the HTTP client");
      Quietly.await(client.close(), "closing the client's Vert.x");
      Quietly.await(serverVertx.close(), "stopping the baseline server");
    }
  }

  private static Future<Integer> post(HttpClientAgent http, RequestOptions options, Buffer body) {
    return http.request(options)
      .compose(request -> request.send(body))
      .compose(response -> response.body().compose(ignored -> response.statusCode() == 202
        ? Future.succeededFuture(1)
        : Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode()))));
  }
}
