package io.eventgateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventStatusTest {
  private static final OffsetDateTime T = OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));

  @Test
  void acceptedShowsOnlyWhatIsKnown() {
    JsonObject json = new EventStatus("/shop", "o-1", "events", null, null, null, null, 0, null).toJson();
    assertEquals(new JsonObject().put("source", "/shop").put("id", "o-1").put("status", "accepted")
      .put("topic", "events"), json);
  }

  @Test
  void acceptedWhileRetriedShowsAttemptsAndTheLastError() {
    JsonObject json = new EventStatus("/shop", "o-1", "events", null, null, null, null, 2, "TimeoutException")
      .toJson();
    assertEquals("accepted", json.getString("status"));
    assertEquals(2, json.getInteger("attempts"));
    assertEquals("TimeoutException", json.getString("reason"));
  }

  @Test
  void publishedShowsWhereAndWhenInUtc() {
    JsonObject json = new EventStatus("/shop", "o-1", "orders", T, null, 3, 41L, 0, null).toJson();
    assertEquals(new JsonObject().put("source", "/shop").put("id", "o-1").put("status", "published")
      .put("topic", "orders").put("partition", 3).put("offset", 41L).put("published_at", "2025-03-01T10:00:00Z"),
      json);
    JsonObject unknownOffset = new EventStatus("/shop", "o-1", "orders", T, null, null, null, 0, null).toJson();
    assertEquals(false, unknownOffset.containsKey("partition"));
    assertEquals(false, unknownOffset.containsKey("offset"));
  }

  @Test
  void deadShowsTheReason() {
    JsonObject json = new EventStatus("/shop", "o-1", "orders", null, T, null, null, 3,
      "RecordTooLargeException: too big").toJson();
    assertEquals("dead", json.getString("status"));
    assertEquals("RecordTooLargeException: too big", json.getString("reason"));
    assertEquals(3, json.getInteger("attempts"));
    assertEquals("2025-03-01T10:00:00Z", json.getString("dead_at"));
  }
}
