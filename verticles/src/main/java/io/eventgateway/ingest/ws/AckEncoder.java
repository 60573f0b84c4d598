package io.eventgateway.ingest.ws;

import io.eventgateway.error.GatewayException;
import io.eventgateway.ingest.IngestStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The ack of a message has the message's shape: an object for a single event, an array of objects (in
 * item order) for an array. Per event:
 * <pre>
 * {"id":"a","source":"/shop","status":"accepted"}            committed by this message
 * {"id":"a","source":"/shop","status":"duplicate"}           committed before; not written again
 * {"id":"b","source":"/shop","status":"rejected","reason":"invalid-event","detail":"'type' is required ..."}
 * {"id":"c","source":"/shop","status":"rejected","reason":"storage-unavailable","detail":"...","retry_after":2}
 * {"status":"rejected","reason":"invalid-event","detail":"...","message":7,"index":3}   no id or source
 * </pre>
 * {@code reason} is the problem type slug the HTTP API uses for the same refusal; {@code retry_after}
 * (seconds) is present when sending the event again later can succeed. An event without a usable id or
 * source is identified by {@code message} (the socket's 1-based message count) and {@code index} (its
 * position in the message's array, 0 for a single event). A message refused as a whole (not JSON, too
 * many events) is acked by one object with {@code message} and no {@code index}.
 */
final class AckEncoder {
  private AckEncoder() {
  }

  /** The ack of a message whose every item is settled. */
  static String encode(SocketMessage message) {
    if (message.refused != null) {
      return problem(new JsonObject(), message.refused).put("message", message.number).encode();
    }
    if (!message.array) {
      return item(message, message.items.get(0)).encode();
    }
    JsonArray acks = new JsonArray();
    for (SocketMessage.Item item : message.items) {
      acks.add(item(message, item));
    }
    return acks.encode();
  }

  static JsonObject item(SocketMessage message, SocketMessage.Item item) {
    JsonObject ack = new JsonObject();
    String id = item.event != null ? item.event.id() : stringField(item.json, "id");
    String source = item.event != null ? item.event.source() : stringField(item.json, "source");
    if (id != null) {
      ack.put("id", id);
    }
    if (source != null) {
      ack.put("source", source);
    }
    if (item.problem == null) {
      return ack.put("status", statusOf(item.status));
    }
    problem(ack, item.problem);
    if (id == null || source == null) {
      ack.put("message", message.number).put("index", item.index);
    }
    return ack;
  }

  private static String statusOf(IngestStatus status) {
    if (status != IngestStatus.ACCEPTED && status != IngestStatus.DUPLICATE) {
      throw new IllegalStateException("an ack needs an outcome, not " + status);
    }
    return status.wireName();
  }

  private static JsonObject problem(JsonObject ack, GatewayException problem) {
    ack.put("status", "rejected").put("reason", problem.code().slug()).put("detail", problem.detail());
    if (problem.retryAfterSeconds() > 0) {
      ack.put("retry_after", problem.retryAfterSeconds());
    }
    return ack;
  }

  private static String stringField(Object json, String name) {
    return json instanceof JsonObject object && object.getValue(name) instanceof String s && !s.isEmpty() ? s : null;
  }
}
