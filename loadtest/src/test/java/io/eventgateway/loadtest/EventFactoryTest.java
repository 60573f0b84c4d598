package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
  private static Scenario scenario(Map<String, String> overrides) throws Exception {
    return Scenario.load(java.nio.file.Path.of("..", "conf", "scenarios", "steady.yaml"), new HashMap<>(overrides));
  }

  @Test
  void aSingleEventIsTheStructuredCloudEventItDescribes() throws Exception {
    RequestBody request = new EventFactory(scenario(Map.of()), "run1", 1001).next();
    JsonObject event = new JsonObject(request.body());
    assertEquals("1.0", event.getString("specversion"));
    assertEquals(request.events()[0].id(), event.getString("id"));
    assertEquals("/loadtest/run1", event.getString("source"));
    assertEquals(request.events()[0].key(), event.getString("partitionkey"));
    assertTrue(request.body().length() >= 280 && request.body().length() <= 320, "about 300 bytes: " + request.body().length());
    assertEquals(event.encode(), request.body().toString(), "the bytes JsonObject would write");
  }

  @Test
  void aBatchIsAnArrayOfItsEventsInOrder() throws Exception {
    RequestBody request = new EventFactory(scenario(Map.of("batch-size", "5")), "run2", 1001).next();
    JsonArray batch = new JsonArray(request.body());
    assertTrue(request.batch());
    assertEquals(5, batch.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(request.events()[i].id(), batch.getJsonObject(i).getString("id"));
    }
  }
}
