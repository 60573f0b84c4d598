package io.eventgateway.loadtest.ceilings;

/**
 * Event-sized test data: a structured CloudEvent of about 300 bytes, as the gateway stores and sends
 * it, and partition keys drawn from 1024.
 */
final class Payloads {
  static final int KEYS = 1024;
  static final int EVENT_BYTES = 300;

  private static final String HEAD = "{\"specversion\":\"1.0\",\"type\":\"com.example.order.created\","
    + "\"source\":\"/ceilings\",\"datacontenttype\":\"application/json\",\"id\":\"";
  private static final String[] KEY_NAMES = new String[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY_NAMES[i] = "customer-" + i;
    }
  }

  private Payloads() {
  }

  static String key(long n) {
    return KEY_NAMES[(int) (n % KEYS)];
  }

  /** About {@value #EVENT_BYTES} bytes of CloudEvent JSON whose id is n; padded in data to the size. */
  static String event(long n) {
    String start = HEAD + n + "\",\"partitionkey\":\"" + key(n) + "\",\"data\":{\"note\":\"";
    String end = "\"}}";
    int pad = Math.max(0, EVENT_BYTES - start.length() - end.length());
    return start + "x".repeat(pad) + end;
  }
}
