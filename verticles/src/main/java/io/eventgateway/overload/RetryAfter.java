package io.eventgateway.overload;

/** Retry-After values: whole seconds, never below 1 (a 0 invites an instant retry storm). */
final class RetryAfter {
  private RetryAfter() {
  }

  static int clamp(double seconds, int cap) {
    if (Double.isNaN(seconds) || seconds <= 1) {
      return 1;
    }
    return (int) Math.min(cap, Math.ceil(seconds));
  }
}
