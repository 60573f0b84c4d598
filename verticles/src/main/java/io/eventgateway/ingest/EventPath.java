package io.eventgateway.ingest;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The event a status request names: {@code /events/{source}/{id}}, the source and the id each
 * percent-encoded into one path segment ({@code /events/%2Fshop/order-1} is source {@code /shop}, id
 * {@code order-1}).
 *
 * <p>Read from the raw request path, not from Vert.x Web's normalized one: normalization merges
 * {@code //} and drops {@code .} and {@code ..} segments, percent-encoded ones included, so an unencoded
 * {@code /events//shop/order-1} would silently become source {@code shop}, and an id {@code %2E%2E}
 * would vanish. Here every segment is decoded exactly once, strictly (two hex digits per {@code %},
 * well-formed UTF-8, no control characters), and {@code +} stays {@code +}.
 */
record EventPath(String source, String id) {
  private static final String PREFIX = "/events/";

  /**
   * The event named by {@code rawPath}; null when the path is no status path (not under
   * {@code /events/}, or a single segment such as {@code /events/batch}), so other routes may take it.
   *
   * @throws GatewayException 404 with the encoding rule when the path has more or fewer than two
   *     non-empty segments (typically an unencoded {@code /} in the source), 400 when a segment is not
   *     valid percent-encoded UTF-8
   */
  static EventPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX) || rawPath.indexOf('/', PREFIX.length()) < 0) {
      return null;
    }
    String[] segments = rawPath.substring(PREFIX.length()).split("/", -1);
    if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
      throw new GatewayException(ErrorCode.NOT_FOUND, "GET /events/{source}/{id} takes the source and the id"
        + " percent-encoded as one path segment each: source /shop, id order-1 is /events/%2Fshop/order-1");
    }
    return new EventPath(decode("source", segments[0]), decode("id", segments[1]));
  }

  /** Strict percent-decoding of one path segment. */
  static String decode(String name, String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
        if (low < 0) {
          throw invalid(name, "'%' must be followed by two hex digits");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c > 0x20 && c < 0x7F) {
        bytes.write(c);
      } else {
        throw invalid(name, "only printable ASCII may appear unencoded in a path");
      }
    }
    byte[] raw = bytes.toByteArray();
    if (Utf8.firstMalformed(raw) >= 0) {
      throw invalid(name, "the percent-encoded bytes are not well-formed UTF-8");
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // No accepted event holds these (CloudEventParser refuses them), and U+0000 would fail the query.
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        throw invalid(name, "it contains a control character");
      }
    }
    return text;
  }

  private static GatewayException invalid(String name, String why) {
    return new GatewayException(ErrorCode.BAD_REQUEST, "The event " + name + " in the path is not valid: " + why);
  }
}
