package io.eventgateway.ingest.ws;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.ingest.CloudEventParser;
import io.eventgateway.ingest.JsonBodyReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a text message as one structured-mode CloudEvent (a JSON object) or a JSON array of them, with
 * the same JSON limits and event validation as HTTP. An invalid event is refused alone; the others of
 * the message go on. A message that is not JSON, or not an object or array, or has more than
 * {@code maxEvents} items, is refused as a whole.
 */
final class MessageReader {
  private final JsonBodyReader json;
  private final int maxEvents;

  MessageReader(JsonBodyReader json, int maxEvents) {
    this.json = json;
    this.maxEvents = maxEvents;
  }

  SocketMessage read(long number, Buffer text) {
    Object value;
    try {
      value = json.read(text);
    } catch (GatewayException e) {
      return SocketMessage.refused(number, e);
    }
    if (value instanceof JsonObject object) {
      return SocketMessage.of(number, false, List.of(item(0, object)));
    }
    if (!(value instanceof JsonArray array)) {
      return SocketMessage.refused(number, new GatewayException(ErrorCode.INVALID_EVENT,
        "A message must be a CloudEvent (a JSON object) or a JSON array of them"));
    }
    if (array.isEmpty()) {
      return SocketMessage.refused(number, new GatewayException(ErrorCode.INVALID_EVENT, "The array is empty"));
    }
    if (array.size() > maxEvents) {
      return SocketMessage.refused(number, new GatewayException(ErrorCode.BATCH_TOO_LARGE,
        "The message has " + array.size() + " events; the limit is " + maxEvents));
    }
    List<SocketMessage.Item> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      items.add(item(i, array.getValue(i)));
    }
    return SocketMessage.of(number, true, items);
  }

  private static SocketMessage.Item item(int index, Object value) {
    try {
      return new SocketMessage.Item(index, value, CloudEventParser.structured(value), null);
    } catch (GatewayException e) {
      return new SocketMessage.Item(index, value, null, e);
    }
  }
}
