package io.eventgateway.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/** Maps data values onto [0, 1] of a chart axis, linearly or logarithmically, and picks tick marks. */
final class Scale {
  /** A tick mark: where it goes and what it says. */
  record Tick(double value, String label) {
  }

  private final boolean log;
  private final double min;
  private final double max;
  private final DoubleFunction<String> format;

  private Scale(boolean log, double min, double max, DoubleFunction<String> format) {
    this.log = log;
    this.min = min;
    this.max = max > min ? max : min + (log ? min * 9 : 1);
    this.format = format;
  }

  /** From 0 (or below, for negative data) to a round number at or above max. */
  static Scale linear(double dataMin, double dataMax, DoubleFunction<String> format) {
    double low = Math.min(0, dataMin);
    double high = dataMax > low ? dataMax : low + 1;
    double step = niceStep((high - low) / 5);
    return new Scale(false, Math.floor(low / step) * step, Math.ceil(high / step) * step, format);
  }

  /** From min to exactly max (no rounding up), e.g. time axes that should end with the data. */
  static Scale span(double dataMin, double dataMax, DoubleFunction<String> format) {
    return new Scale(false, dataMin, dataMax, format);
  }

  /** From the power of ten at or below min to the one at or above max; both must be positive. */
  static Scale log(double dataMin, double dataMax, DoubleFunction<String> format) {
    double low = Math.pow(10, Math.floor(Math.log10(dataMin)));
    double high = Math.pow(10, Math.ceil(Math.log10(Math.max(dataMax, dataMin))));
    return new Scale(true, low, high, format);
  }

  /**
   * Latency axes: logarithmic when the values span more than two orders of magnitude, where a linear
   * axis would flatten the median against zero under one tall spike; linear otherwise.
   */
  static Scale auto(double minPositive, double dataMax, DoubleFunction<String> format) {
    if (minPositive > 0 && dataMax / minPositive > 100) {
      return log(minPositive, dataMax, format);
    }
    return linear(0, dataMax, format);
  }

  boolean isLog() {
    return log;
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }

  /** Where value falls on the axis, 0 at min and 1 at max; NaN for values a log axis cannot show. */
  double fraction(double value) {
    if (log) {
      if (!(value > 0)) {
        return Double.NaN;
      }
      return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
    }
    return (value - min) / (max - min);
  }

  List<Tick> ticks() {
    List<Tick> ticks = new ArrayList<>();
    if (log) {
      int decades = (int) Math.round(Math.log10(max / min));
      // Few decades leave room for 2 and 5 between them; many would crowd the axis.
      double[] steps = decades <= 2 ? new double[] {1, 2, 5} : new double[] {1};
      for (double decade = min; decade <= max * 1.0001; decade *= 10) {
        for (double step : steps) {
          double value = decade * step;
          if (value <= max * 1.0001) {
            ticks.add(new Tick(value, format.apply(value)));
          }
        }
      }
      return ticks;
    }
    double step = niceStep((max - min) / 5);
    long first = (long) Math.ceil(min / step - 1e-9);
    // From whole multiples of step rather than repeated addition, so 0.1 + 0.2 never shows up as a label.
    for (long i = first; i * step <= max + step * 1e-6; i++) {
      double value = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", i * step));
      ticks.add(new Tick(value, format.apply(value)));
    }
    return ticks;
  }

  /** 1, 2 or 5 times a power of ten, at or above raw. */
  static double niceStep(double raw) {
    if (!(raw > 0) || Double.isInfinite(raw)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double normalized = raw / magnitude;
    double nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
    return nice * magnitude;
  }
}
