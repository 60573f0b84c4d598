package io.eventgateway.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** How one request ended, from the client's point of view. */
public enum Outcome {
  /** 2xx and every event in it was accepted (or, for a batch, at least one and none rejected). */
  ACCEPTED,
  /** 2xx and the gateway called the event(s) a duplicate. */
  DUPLICATE,
  /** 4xx other than 429: the request (or a batch item) was refused as invalid. */
  REJECTED,
  /** 429 or 503: the gateway shed load; retry later. */
  SHED,
  /** Any other 5xx. */
  ERROR,
  /**
   * No response (timeout, connection reset) or 504 (the gateway's deadline passed before the commit
   * finished): the events may or may not be committed.
   */
  UNKNOWN;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Classifies a response; {@code body} is read only for 2xx, to tell accepted from duplicate. */
  public static Outcome of(int status, String body) {
    if (status < 0 || status == 504) {
      return UNKNOWN;
    }
    if (status == 429 || status == 503) {
      return SHED;
    }
    if (status >= 500) {
      return ERROR;
    }
    if (status >= 400) {
      return REJECTED;
    }
    if (status == 207) {
      return REJECTED;
    }
    if (body != null && body.contains("\"status\":\"duplicate\"") && !body.contains("\"status\":\"accepted\"")) {
      return DUPLICATE;
    }
    return ACCEPTED;
  }

  /**
   * A WebSocket message's outcome from its per-event acks (or the one ack refusing it whole): unknown,
   * error, shed and rejected, in that order, win over accepted; duplicate when every event was one.
   */
  public static Outcome ofAcks(List<JsonObject> acks) {
    Outcome worst = null;
    boolean allDuplicate = true;
    for (JsonObject ack : acks) {
      String status = ack.getString("status");
      if ("duplicate".equals(status)) {
        continue;
      }
      allDuplicate = false;
      if (!"accepted".equals(status)) {
        Outcome refused = ofReason(ack.getString("reason"));
        worst = worst == null || refused.ordinal() > worst.ordinal() ? refused : worst;
      }
    }
    if (worst != null) {
      return worst;
    }
    return allDuplicate ? DUPLICATE : ACCEPTED;
  }

  private static Outcome ofReason(String reason) {
    return switch (String.valueOf(reason)) {
      case "overloaded", "outbox-backlog", "storage-unavailable" -> SHED;
      case "deadline-exceeded" -> UNKNOWN;
      case "internal" -> ERROR;
      default -> REJECTED;
    };
  }
}
