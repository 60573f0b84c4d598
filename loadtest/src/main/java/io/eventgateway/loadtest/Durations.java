package io.eventgateway.loadtest;

import java.time.Duration;

/** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
final class Durations {
  private Durations() {
  }

  static Duration parse(String text) {
    String t = text.trim();
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    char unit = t.charAt(t.length() - 1);
    if (Character.isDigit(unit)) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }
}
