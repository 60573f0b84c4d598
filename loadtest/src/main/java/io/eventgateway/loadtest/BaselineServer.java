package io.eventgateway.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;

/**
 * The HTTP ceiling of this machine: a Vert.x server that answers every POST with 202 after reading the
 * body, doing nothing else. Gateway figures read as a fraction of this one, measured in the same run.
 * <pre>  java -cp ... io.eventgateway.loadtest.BaselineServer [port] [seconds]</pre>
 * Stops by itself after the given number of seconds (default 120).
 */
public final class BaselineServer {
  private BaselineServer() {
  }

  /** Starts the server on 127.0.0.1:port (0 picks a free port; see {@link HttpServer#actualPort()}). */
  public static Future<HttpServer> start(Vertx vertx, int port) {
    return vertx.createHttpServer()
      .requestHandler(request -> request.body().onComplete(body -> request.response().setStatusCode(202)
        .putHeader("content-type", "application/json").end("{\"status\":\"accepted\"}")))
      .listen(port, "127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 120;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    start(vertx, port).await();
    System.out.println("baseline HTTP server on 127.0.0.1:" + port + " for " + seconds + " s");
    Thread.sleep(seconds * 1000);
    vertx.close().await();
  }
}
