package io.eventgateway.outbox;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * Where one accepted event is, from its outbox row: {@code accepted} (committed, not yet published),
 * {@code published} (Kafka acknowledged it; partition and offset once the relay records them) or
 * {@code dead} (never published to its topic; dead-lettered with a reason).
 */
public record EventStatus(String source, String id, String topic, OffsetDateTime publishedAt,
                          OffsetDateTime deadAt, Integer partition, Long offset, int attempts, String lastError) {

  public String state() {
    if (publishedAt != null) {
      return "published";
    }
    return deadAt != null ? "dead" : "accepted";
  }

  /**
   * The answer of {@code GET /events/{source}/{id}}. Fields without a value are left out; {@code attempts}
   * and {@code reason} (the last publish error) appear once a publish failed, also while it is retried.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("source", source)
      .put("id", id)
      .put("status", state())
      .put("topic", topic);
    if (publishedAt != null) {
      putIfPresent(json, "partition", partition);
      putIfPresent(json, "offset", offset);
      json.put("published_at", publishedAt.toInstant());
    }
    if (attempts > 0 || deadAt != null) {
      json.put("attempts", attempts);
      putIfPresent(json, "reason", lastError);
    }
    if (deadAt != null) {
      json.put("dead_at", deadAt.toInstant());
    }
    return json;
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
