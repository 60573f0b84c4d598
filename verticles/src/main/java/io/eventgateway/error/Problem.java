package io.eventgateway.error;

import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem details body. Used both as a whole HTTP response and as the reason of one rejected
 * item inside a batch response.
 */
public record Problem(ErrorCode code, String detail, String instance) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(GatewayException e, String instance) {
    return new Problem(e.code(), e.detail(), instance);
  }

  public int status() {
    return code.status();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("type", code.type())
      .put("title", code.title())
      .put("status", code.status());
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    return json;
  }
}
