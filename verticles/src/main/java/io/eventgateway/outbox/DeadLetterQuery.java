package io.eventgateway.outbox;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters a request means: optional filters on the original {@code topic}, the CloudEvent
 * {@code type} and a substring of the last publish {@code error} (case-insensitive), and for listing a
 * page: rows after sequence number {@code after}, at most {@code limit} of them.
 *
 * <p>Unknown and repeated query parameters are refused, not ignored: a mistyped filter on a replay would
 * otherwise replay every dead letter.
 */
public record DeadLetterQuery(String topic, String type, String error, long after, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private static final List<String> FILTERS = List.of("topic", "type", "error");
  private static final Set<String> PAGE = Set.of("after", "limit");

  /** A page of {@code GET /dead-letters}: filters, {@code after} (default 0), {@code limit} (1-1000, default 100). */
  public static DeadLetterQuery page(MultiMap params) {
    requireKnown(params, true);
    long after = number(params, "after", 0, Long.MAX_VALUE, 0);
    int limit = (int) number(params, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    return new DeadLetterQuery(text(params, "topic"), text(params, "type"), text(params, "error"), after, limit);
  }

  /** The rows of {@code POST /dead-letters/replay}: filters only, every matching row. */
  public static DeadLetterQuery replay(MultiMap params) {
    requireKnown(params, false);
    return new DeadLetterQuery(text(params, "topic"), text(params, "type"), text(params, "error"), 0, MAX_LIMIT);
  }

  /** The ILIKE pattern for the error filter: a literal substring, its {@code % _ \} escaped; null for none. */
  public String errorPattern() {
    if (error == null) {
      return null;
    }
    return "%" + error.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static void requireKnown(MultiMap params, boolean paged) {
    for (String name : params.names()) {
      if (!FILTERS.contains(name) && !(paged && PAGE.contains(name))) {
        throw bad("unknown query parameter '" + name + "'; " + (paged
          ? "filters are topic, type and error, paging is after and limit"
          : "filters are topic, type and error"));
      }
      if (params.getAll(name).size() > 1) {
        throw bad("query parameter '" + name + "' is given more than once");
      }
    }
  }

  /** An empty filter means no filter. */
  private static String text(MultiMap params, String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  private static long number(MultiMap params, String name, long min, long max, long defaultValue) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below, like a value out of range
    }
    throw bad("'" + name + "' must be an integer from " + min + " to " + max + "; got '" + value + "'");
  }

  private static GatewayException bad(String detail) {
    return new GatewayException(ErrorCode.BAD_REQUEST, detail);
  }
}
