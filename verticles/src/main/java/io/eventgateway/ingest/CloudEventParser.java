package io.eventgateway.ingest;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns request bodies into validated {@link CloudEvent}s, following CloudEvents 1.0 and its HTTP
 * binding: structured mode (the body is the event) and binary mode ({@code ce-*} headers, body = data).
 * Every rejection is a {@link GatewayException} whose detail names the offending attribute. JSON bodies
 * are read within the limits of the given {@link JsonBodyReader}.
 */
public final class CloudEventParser {
  private static final Set<String> REQUIRED = Set.of("id", "source", "type", "specversion");
  private static final Set<String> STRING_ATTRIBUTES =
    Set.of("id", "source", "type", "specversion", "subject", "time", "datacontenttype", "dataschema");
  private static final int MAX_ATTRIBUTE_NAME = 20;
  private static final String BINARY_PREFIX = "ce-";

  private final JsonBodyReader reader;

  public CloudEventParser(JsonBodyReader reader) {
    this.reader = reader;
  }

  /** Parses a JSON body that must hold one object. */
  public JsonObject parseObject(Buffer body) {
    Object value = reader.read(body);
    if (!(value instanceof JsonObject object)) {
      throw new GatewayException(ErrorCode.INVALID_EVENT, "The body must be a JSON object (one CloudEvent)");
    }
    return object;
  }

  /** Parses a JSON body that must hold an array of events. */
  public JsonArray parseArray(Buffer body) {
    Object value = reader.read(body);
    if (!(value instanceof JsonArray array)) {
      throw new GatewayException(ErrorCode.INVALID_EVENT, "A batch body must be a JSON array of CloudEvents");
    }
    return array;
  }

  /** Validates one structured-mode event (a JSON object). */
  public static CloudEvent structured(Object item) {
    if (!(item instanceof JsonObject json)) {
      throw new GatewayException(ErrorCode.INVALID_EVENT, "A CloudEvent must be a JSON object");
    }
    for (String name : REQUIRED) {
      Object value = json.getValue(name);
      if (!(value instanceof String s) || s.isEmpty()) {
        throw invalid("'" + name + "' is required and must be a non-empty string");
      }
    }
    if (!"1.0".equals(json.getString("specversion"))) {
      throw invalid("'specversion' must be \"1.0\", was \"" + json.getString("specversion") + "\"");
    }
    if (json.containsKey("data") && json.containsKey("data_base64")) {
      throw invalid("'data' and 'data_base64' are mutually exclusive");
    }
    // The map itself: JsonObject's own iterator wraps every entry it hands out.
    for (Map.Entry<String, Object> attribute : json.getMap().entrySet()) {
      validateAttribute(attribute.getKey(), attribute.getValue());
    }
    return toEvent(json);
  }

  /** Builds a structured event from binary mode: attributes from {@code ce-*} headers, body = data. */
  public CloudEvent binary(MultiMap headers, String contentType, Buffer body) {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(BINARY_PREFIX)) {
        // The HTTP binding percent-encodes header values that are not printable ASCII.
        json.put(name.substring(BINARY_PREFIX.length()), URLDecoder.decode(header.getValue(), StandardCharsets.UTF_8));
      }
    }
    if (contentType != null) {
      json.put("datacontenttype", contentType);
    }
    if (body != null && body.length() > 0) {
      String mediaType = MediaTypes.baseType(contentType);
      if (MediaTypes.isJson(mediaType)) {
        json.put("data", reader.read(body));
      } else if (mediaType != null && mediaType.startsWith("text/")) {
        json.put("data", body.toString(StandardCharsets.UTF_8));
      } else {
        json.put("data_base64", Base64.getEncoder().encodeToString(body.getBytes()));
      }
    }
    return structured(json);
  }

  private static void validateAttribute(String name, Object value) {
    if (name.equals("data") || name.equals("data_base64")) {
      if (name.equals("data_base64") && !(value instanceof String)) {
        throw invalid("'data_base64' must be a base64 string");
      }
      return;
    }
    if (!isAttributeName(name)) {
      throw invalid("attribute name '" + name + "' must be 1-20 characters of a-z and 0-9");
    }
    if (value instanceof String text) {
      requireAllowedCharacters(name, text);
    }
    if (STRING_ATTRIBUTES.contains(name) || name.equals("partitionkey")) {
      if (value != null && !(value instanceof String)) {
        throw invalid("'" + name + "' must be a string");
      }
    } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw invalid("extension '" + name + "' must be a string, number or boolean");
    }
  }

  /** [a-z0-9]{1,20}, without a regex: this runs for every attribute of every event. */
  static boolean isAttributeName(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_ATTRIBUTE_NAME) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * CloudEvents strings exclude control characters and surrogate code points. The gateway relies on it:
   * attributes become PostgreSQL text columns, where U+0000 fails the whole group commit it shares with
   * other clients' events, and an unpaired surrogate has no UTF-8 form (it would be stored as '?').
   */
  private static void requireAllowedCharacters(String name, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        throw forbidden(name, "a control character", c, i);
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw forbidden(name, "an unpaired surrogate", c, i);
      }
    }
  }

  private static GatewayException forbidden(String name, String what, char c, int index) {
    return invalid(String.format("'%s' contains %s (U+%04X at index %d)", name, what, (int) c, index));
  }

  private static CloudEvent toEvent(JsonObject json) {
    return new CloudEvent(json.getString("id"), json.getString("source"), json.getString("type"),
      json.getString("subject"), json.getString("partitionkey"), json);
  }

  private static GatewayException invalid(String detail) {
    return new GatewayException(ErrorCode.INVALID_EVENT, detail);
  }
}
