package io.eventgateway.loadtest.report;

/** The outcomes a summary counts, in display order, each with its one colour across every chart. */
enum Outcome {
  ACCEPTED("accepted", "#2e7d32"),
  DUPLICATE("duplicate", "#1565c0"),
  REJECTED("rejected", "#ef6c00"),
  SHED("shed", "#8e24aa"),
  ERROR("error", "#c62828"),
  UNKNOWN("unknown", "#6d6d6d");

  /** Colour of the "all outcomes" series. */
  static final String ALL_COLOR = "#212121";

  final String key;
  final String color;

  Outcome(String key, String color) {
    this.key = key;
    this.color = color;
  }

  /** The colour for a latency key: an outcome's own, or a neutral one for anything else. */
  static String colorOf(String key) {
    for (Outcome outcome : values()) {
      if (outcome.key.equals(key)) {
        return outcome.color;
      }
    }
    return ALL_COLOR;
  }
}
