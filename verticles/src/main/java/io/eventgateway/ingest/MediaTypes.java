package io.eventgateway.ingest;

import java.util.Locale;

/** Media types of the CloudEvents HTTP binding, and lenient parsing of Content-Type headers. */
public final class MediaTypes {
  public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
  public static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";
  public static final String JSON = "application/json";

  private MediaTypes() {
  }

  /** {@code "Application/JSON; charset=utf-8"} → {@code "application/json"}; null stays null. */
  public static String baseType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  public static boolean isJson(String baseType) {
    return baseType != null && (baseType.equals(JSON) || baseType.endsWith("+json"));
  }
}
