package io.eventgateway.loadtest;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** POST /events (or /events/batch) over a pool of keep-alive connections; a request waits for a free one. */
final class HttpSender implements RequestSender {
  private final URI target;
  private final HttpClientAgent client;

  HttpSender(Vertx vertx, URI target, int connections) {
    this.target = target;
    this.client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000))
      .with(new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1))
      .build();
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Answer> send(RequestBody request) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(target.getHost())
      .setPort(target.getPort())
      .setURI(request.batch() ? "/events/batch" : "/events")
      .putHeader("content-type", request.batch() ? "application/cloudevents-batch+json" : "application/cloudevents+json")
      .setTimeout(30_000);
    return client.request(options)
      .compose(req -> req.send(request.body()))
      .compose(response -> response.body().map(body -> answer(request, response.statusCode(), body.toString())));
  }

  /** Events the gateway acknowledged (2xx accepted or duplicate) must be in Kafka afterwards. */
  private static Answer answer(RequestBody request, int status, String body) {
    Outcome outcome = Outcome.of(status, body);
    if (status < 200 || status >= 300) {
      return new Answer(outcome, List.of());
    }
    if (!request.batch()) {
      return new Answer(outcome, List.of(0));
    }
    List<Integer> acknowledged = new ArrayList<>();
    JsonArray results = new JsonObject(body).getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      String result = results.getJsonObject(i).getString("status");
      if ("accepted".equals(result) || "duplicate".equals(result)) {
        acknowledged.add(i);
      }
    }
    return new Answer(outcome, acknowledged);
  }
}
