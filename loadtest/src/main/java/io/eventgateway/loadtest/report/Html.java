package io.eventgateway.loadtest.report;

import java.util.Locale;

/** Escaping and number formatting for the report; every text that reaches the page goes through here. */
final class Html {
  private Html() {
  }

  /** Escapes text for element content and for double- or single-quoted attribute values. */
  static String esc(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A count with thousands separators. */
  static String count(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  /**
   * Milliseconds with about three significant digits: 0.0412, 0.412, 4.12, 41.2, 412. Enough to compare
   * runs, without the false precision of a histogram's bucket edges.
   */
  static String ms(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    if (abs == 0) {
      return "0";
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (abs >= 0.1) {
      return String.format(Locale.ROOT, "%.3f", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** An axis label for a rate: whole numbers grouped, fractions (on a small axis) with their decimals. */
  static String rate(double value) {
    return value == Math.rint(value) ? count(value) : ms(value);
  }

  /** A plain number for plan values and the like: integers without a fraction, others as they come. */
  static String plain(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return String.format(Locale.ROOT, "%s", d);
    }
    return String.valueOf(value);
  }

  /** A number for SVG coordinates: short, and never in exponent notation. */
  static String coord(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
