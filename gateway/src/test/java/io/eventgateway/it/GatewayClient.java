package io.eventgateway.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A black-box HTTP client for the gateway, on the JDK client: what any user would run. */
public final class GatewayClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public GatewayClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public record Reply(int status, String contentType, String retryAfter, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public static JsonObject event(String source, String id) {
    return new JsonObject()
      .put("specversion", "1.0")
      .put("id", id)
      .put("source", source)
      .put("type", "com.example.test")
      .put("datacontenttype", "application/json")
      .put("data", new JsonObject().put("n", id));
  }

  public static String uniqueSource(String test) {
    return "/it/" + test + "/" + UUID.randomUUID();
  }

  public Reply postStructured(JsonObject event) {
    return post("/events", "application/cloudevents+json", event.encode(), Map.of());
  }

  /** Posts without blocking the caller: for tests that need many requests in flight at once. */
  public CompletableFuture<Reply> postStructuredAsync(JsonObject event) {
    return http.sendAsync(request("/events", "application/cloudevents+json", event.encode(), Map.of()),
        HttpResponse.BodyHandlers.ofString())
      .thenApply(GatewayClient::reply);
  }

  public Reply post(String path, String contentType, String body, Map<String, String> headers) {
    try {
      return reply(http.send(request(path, contentType, body, headers), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply get(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
      return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Reply reply(HttpResponse<String> response) {
    return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(null),
      response.headers().firstValue("retry-after").orElse(null), response.body());
  }

  private HttpRequest request(String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
      .timeout(Duration.ofSeconds(30))
      .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return request.build();
  }
}
