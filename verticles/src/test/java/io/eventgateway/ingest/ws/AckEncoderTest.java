package io.eventgateway.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.ingest.IngestStatus;
import io.eventgateway.ingest.JsonBodyReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AckEncoderTest {
  private final MessageReader reader = new MessageReader(new JsonBodyReader(32, 100, 1024), 10);

  private static String event(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/s\",\"type\":\"t\"}";
  }

  @Test
  void aSingleEventIsAckedByOneObject() {
    SocketMessage message = reader.read(1, Buffer.buffer(event("a")));
    message.items.get(0).status = IngestStatus.ACCEPTED;
    assertEquals(new JsonObject("{\"id\":\"a\",\"source\":\"/s\",\"status\":\"accepted\"}"),
      new JsonObject(AckEncoder.encode(message)));
  }

  @Test
  void anArrayIsAckedByAnArrayInItemOrder() {
    SocketMessage message = reader.read(7, Buffer.buffer("[" + event("a") + ",{\"id\":\"b\",\"source\":\"/s\"},42,"
      + event("c") + "]"));
    message.items.get(0).status = IngestStatus.DUPLICATE;
    message.refuseUnsettled(new GatewayException(ErrorCode.STORAGE_UNAVAILABLE, "down").retryAfter(3));
    JsonArray acks = new JsonArray(AckEncoder.encode(message));

    assertEquals(4, acks.size());
    assertEquals(new JsonObject().put("id", "a").put("source", "/s").put("status", "duplicate"), acks.getJsonObject(0));
    JsonObject invalid = acks.getJsonObject(1);
    assertEquals("b", invalid.getString("id"), "an invalid event keeps the identity it had");
    assertEquals("rejected", invalid.getString("status"));
    assertEquals("invalid-event", invalid.getString("reason"));
    assertTrue(invalid.getString("detail").endsWith("is required and must be a non-empty string"),
      invalid.getString("detail"));
    assertFalse(invalid.containsKey("index"), "id and source identify it");
    assertFalse(invalid.containsKey("retry_after"), "sending it again cannot help");
    JsonObject anonymous = acks.getJsonObject(2);
    assertEquals(7L, anonymous.getLong("message"));
    assertEquals(2, anonymous.getInteger("index"));
    JsonObject shed = acks.getJsonObject(3);
    assertEquals("storage-unavailable", shed.getString("reason"));
    assertEquals(3, shed.getInteger("retry_after"));
    assertEquals("c", shed.getString("id"));
  }

  @Test
  void aMessageRefusedWholeIsAckedByItsNumber() {
    JsonObject ack = new JsonObject(AckEncoder.encode(reader.read(3, Buffer.buffer("{\"id\":"))));
    assertEquals("rejected", ack.getString("status"));
    assertEquals("malformed-json", ack.getString("reason"));
    assertEquals(3L, ack.getLong("message"));
    assertFalse(ack.containsKey("index"));
  }

  @Test
  void unsettledInProgressIsRetriable() {
    GatewayException problem = new GatewayException(ErrorCode.DUPLICATE_IN_PROGRESS, "retry");
    SocketMessage message = reader.read(1, Buffer.buffer(event("a")));
    message.refuseUnsettled(problem);
    JsonObject ack = new JsonObject(AckEncoder.encode(message));
    assertEquals("duplicate-in-progress", ack.getString("reason"));
    assertEquals(1, ack.getInteger("retry_after"));
  }
}
