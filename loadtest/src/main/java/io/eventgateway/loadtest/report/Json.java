package io.eventgateway.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tolerant reads of the summary: a missing or mistyped part reads as absent, so a partial summary (an
 * aborted run, an older schema) still renders whatever it has.
 */
final class Json {
  private Json() {
  }

  static JsonObject obj(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value instanceof JsonObject o ? o : null;
  }

  static JsonObject objOrEmpty(JsonObject parent, String key) {
    JsonObject o = obj(parent, key);
    return o == null ? new JsonObject() : o;
  }

  static JsonArray arr(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value instanceof JsonArray a ? a : new JsonArray();
  }

  /** The number at key, or NaN. */
  static double num(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static double num(JsonObject parent, String key, double fallback) {
    double value = num(parent, key);
    return Double.isNaN(value) ? fallback : value;
  }

  static String str(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value == null ? "" : String.valueOf(value);
  }
}
