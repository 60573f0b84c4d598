package io.eventgateway.it;

import static io.eventgateway.it.GatewayClient.event;
import static io.eventgateway.it.GatewayClient.uniqueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.it.ManagementClient.Health;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The management port: liveness, readiness with per-backend detail, and Prometheus metrics. */
@ExtendWith(SharedStack.class)
class HealthAndMetricsIT {
  private static GatewayClient client;
  private static ManagementClient management;

  @BeforeAll
  static void clients() {
    client = new GatewayClient(SharedStack.gateway().httpPort());
    management = new ManagementClient(SharedStack.gateway().managementPort());
  }

  @Test
  void readinessReportsEveryBackendTheDedupModeAndTheBacklog() {
    assertEquals(200, management.live());
    Health ready = management.awaitReady(h -> h.status() == 200, java.time.Duration.ofSeconds(10));
    assertEquals("UP", ready.json().getString("status"));
    assertTrue(ready.check("postgresql").getBoolean("up"));
    assertEquals("redis", ready.check("redis").getString("dedup-mode"));
    assertTrue(ready.check("kafka").getBoolean("up"));
    assertEquals(false, ready.check("outbox").getBoolean("shedding"));
    assertTrue(ready.check("ingress").getInteger("permits-max") > 0);
  }

  /** A client that offers an h2c upgrade (the JDK's does) is answered in HTTP/1.1, every scrape whole. */
  @Test
  void metricsAreScrapedWholeOverHttp1EvenWhenTheClientOffersH2c() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = management.get("/metrics");
      assertEquals(200, response.statusCode());
      assertEquals(HttpClient.Version.HTTP_1_1, response.version());
      assertTrue(response.body().contains("jvm_memory_used_bytes"));
    }
  }

  @Test
  void metricsCountEventsByOutcomeAndReason() {
    String accepted = "eventgateway_events_total{outcome=\"accepted\",reason=\"none\"}";
    String duplicate = "eventgateway_events_total{outcome=\"duplicate\",reason=\"none\"}";
    String malformed = "eventgateway_events_total{outcome=\"rejected\",reason=\"malformed-json\"}";
    double acceptedBefore = management.metric(accepted);
    double duplicateBefore = management.metric(duplicate);
    double malformedBefore = management.metric(malformed);

    String source = uniqueSource("metrics");
    assertEquals(202, client.postStructured(event(source, "m-1")).status());
    assertEquals(202, client.postStructured(event(source, "m-1")).status());
    assertEquals(400, client.post("/events", "application/cloudevents+json", "{nope", Map.of()).status());

    assertEquals(acceptedBefore + 1, management.metric(accepted));
    assertEquals(duplicateBefore + 1, management.metric(duplicate));
    assertEquals(malformedBefore + 1, management.metric(malformed));
    String text = management.metrics();
    for (String series : List.of("eventgateway_ingress_permits_used", "eventgateway_ingress_permits_max",
        "eventgateway_outbox_backlog_rows", "eventgateway_outbox_backlog_oldest_age_seconds",
        "eventgateway_outbox_commit_rows_count", "eventgateway_outbox_commit_seconds_count",
        "eventgateway_kafka_send_seconds_count{result=\"acknowledged\"}", "eventgateway_dedup_mode{mode=\"redis\"} 1",
        "eventgateway_backend_up{backend=\"postgresql\"} 1", "vertx_http_server_requests_total",
        "jvm_memory_used_bytes")) {
      assertTrue(text.contains(series), "missing " + series);
    }
  }
}
