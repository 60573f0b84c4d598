package io.eventgateway.loadtest.report;

import static io.eventgateway.loadtest.report.Html.coord;
import static io.eventgateway.loadtest.report.Html.esc;

import java.util.ArrayList;
import java.util.List;

/**
 * One inline SVG chart: lines and filled areas over two {@link Scale}s, shaded x ranges, and hover
 * tooltips from SVG {@code <title>} elements, which every browser shows without any script. NaN values
 * leave a gap in their line.
 */
final class LineChart {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 330;
  private static final int LEFT = 72;
  private static final int RIGHT = 18;
  private static final int TOP = 46;
  private static final int BOTTOM = 44;

  private record Line(String name, String color, double[] xs, double[] ys, boolean dashed, String[] tips) {
  }

  private record Area(String name, String color, double[] xs, double[] lower, double[] upper) {
  }

  private record Band(double from, double to, String label) {
  }

  private record Hover(double from, double to, String text) {
  }

  private final String title;
  private final Scale x;
  private final Scale y;
  private final String xLabel;
  private final String yLabel;
  private final List<Line> lines = new ArrayList<>();
  private final List<Area> areas = new ArrayList<>();
  private final List<Band> bands = new ArrayList<>();
  private final List<Hover> hovers = new ArrayList<>();

  LineChart(String title, Scale x, Scale y, String xLabel, String yLabel) {
    this.title = title;
    this.x = x;
    this.y = y;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** A line; where tips[i] is not null, point i gets a marker with that tooltip. */
  LineChart line(String name, String color, double[] xs, double[] ys, boolean dashed, String[] tips) {
    lines.add(new Line(name, color, xs, ys, dashed, tips));
    return this;
  }

  /** A filled band between lower and upper, e.g. one layer of a stacked chart. */
  LineChart area(String name, String color, double[] xs, double[] lower, double[] upper) {
    areas.add(new Area(name, color, xs, lower, upper));
    return this;
  }

  /** A shaded, labelled x range drawn behind the data. */
  LineChart band(double from, double to, String label) {
    bands.add(new Band(from, to, label));
    return this;
  }

  /** An invisible full-height strip over [from, to] that shows text on hover. */
  LineChart hover(double from, double to, String text) {
    hovers.add(new Hover(from, to, text));
    return this;
  }

  String svg() {
    StringBuilder out = new StringBuilder(16_384);
    out.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
      .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
    out.append("<text class=\"title\" x=\"").append(LEFT).append("\" y=\"20\">").append(esc(title)).append("</text>\n");
    legend(out);
    out.append(rect(LEFT, TOP, plotWidth(), plotHeight(), "plot"));
    for (Band band : bands) {
      band(out, band);
    }
    grid(out);
    if (!hasData()) {
      out.append("<text class=\"empty\" x=\"").append(coord(LEFT + plotWidth() / 2.0)).append("\" y=\"")
        .append(coord(TOP + plotHeight() / 2.0)).append("\">no data</text>\n");
    }
    for (Area area : areas) {
      area(out, area);
    }
    for (Line line : lines) {
      line(out, line);
    }
    for (Hover hover : hovers) {
      hover(out, hover);
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private boolean hasData() {
    for (Line line : lines) {
      for (int i = 0; i < line.xs.length; i++) {
        if (Double.isFinite(px(line.xs[i])) && Double.isFinite(py(line.ys[i]))) {
          return true;
        }
      }
    }
    return !areas.isEmpty() && areas.stream().anyMatch(a -> a.xs.length > 0);
  }

  private void legend(StringBuilder out) {
    List<String[]> entries = new ArrayList<>();
    for (Area area : areas) {
      entries.add(new String[] {area.name, area.color, "area"});
    }
    for (Line line : lines) {
      entries.add(new String[] {line.name, line.color, line.dashed ? "dashed" : "line"});
    }
    // Right-aligned, laid out from the right edge leftwards with a rough per-character width.
    double cursor = WIDTH - RIGHT;
    StringBuilder items = new StringBuilder();
    for (int i = entries.size() - 1; i >= 0; i--) {
      String[] entry = entries.get(i);
      double width = 28 + entry[0].length() * 7.2;
      cursor -= width;
      double swatchY = 16;
      if (entry[2].equals("area")) {
        items.append(rect(cursor, swatchY - 6, 16, 10, "swatch", entry[1]));
      } else {
        items.append("<line x1=\"").append(coord(cursor)).append("\" y1=\"").append(coord(swatchY))
          .append("\" x2=\"").append(coord(cursor + 16)).append("\" y2=\"").append(coord(swatchY))
          .append("\" stroke=\"").append(esc(entry[1])).append("\" stroke-width=\"2.5\"")
          .append(entry[2].equals("dashed") ? " stroke-dasharray=\"6 4\"" : "").append("/>");
      }
      items.append("<text class=\"legend\" x=\"").append(coord(cursor + 21)).append("\" y=\"")
        .append(coord(swatchY + 4)).append("\">").append(esc(entry[0])).append("</text>");
    }
    out.append(items).append('\n');
  }

  private void grid(StringBuilder out) {
    for (Scale.Tick tick : y.ticks()) {
      double py = py(tick.value());
      if (!Double.isFinite(py)) {
        continue;
      }
      out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(coord(py))
        .append("\" x2=\"").append(LEFT + plotWidth()).append("\" y2=\"").append(coord(py)).append("\"/>")
        .append("<text class=\"tick\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
        .append(coord(py + 4)).append("\">").append(esc(tick.label())).append("</text>\n");
    }
    for (Scale.Tick tick : x.ticks()) {
      double px = px(tick.value());
      if (!Double.isFinite(px)) {
        continue;
      }
      out.append("<line class=\"grid\" x1=\"").append(coord(px)).append("\" y1=\"").append(TOP)
        .append("\" x2=\"").append(coord(px)).append("\" y2=\"").append(TOP + plotHeight()).append("\"/>")
        // A label at the right edge would be cut off: it ends there instead of centring on it.
        .append("<text class=\"tick\" text-anchor=\"").append(px > LEFT + plotWidth() - 24 ? "end" : "middle")
        .append("\" x=\"").append(coord(px)).append("\" y=\"")
        .append(TOP + plotHeight() + 16).append("\">").append(esc(tick.label())).append("</text>\n");
    }
    out.append("<text class=\"axis\" text-anchor=\"middle\" x=\"").append(coord(LEFT + plotWidth() / 2.0))
      .append("\" y=\"").append(HEIGHT - 6).append("\">").append(esc(xLabel)).append("</text>\n");
    out.append("<text class=\"axis\" text-anchor=\"middle\" transform=\"translate(16 ")
      .append(coord(TOP + plotHeight() / 2.0)).append(") rotate(-90)\">").append(esc(yLabel)).append("</text>\n");
  }

  private void band(StringBuilder out, Band band) {
    double from = clampX(px(band.from));
    double to = clampX(px(band.to));
    if (!(to > from)) {
      return;
    }
    out.append(rect(from, TOP, to - from, plotHeight(), "band"));
    out.append("<text class=\"band-label\" x=\"").append(coord(from + 6)).append("\" y=\"").append(TOP + 14)
      .append("\">").append(esc(band.label)).append("</text>\n");
  }

  private void area(StringBuilder out, Area area) {
    // One polygon per run of finite points: upper edge left to right, lower edge back.
    int start = 0;
    while (start < area.xs.length) {
      while (start < area.xs.length && !finite(area, start)) {
        start++;
      }
      int end = start;
      while (end < area.xs.length && finite(area, end)) {
        end++;
      }
      if (end > start) {
        StringBuilder points = new StringBuilder();
        for (int i = start; i < end; i++) {
          points.append(coord(px(area.xs[i]))).append(',').append(coord(py(area.upper[i]))).append(' ');
        }
        for (int i = end - 1; i >= start; i--) {
          points.append(coord(px(area.xs[i]))).append(',').append(coord(py(area.lower[i]))).append(' ');
        }
        out.append("<polygon class=\"area\" fill=\"").append(esc(area.color)).append("\" points=\"")
          .append(points.toString().trim()).append("\"/>\n");
      }
      start = end;
    }
  }

  private boolean finite(Area area, int i) {
    return Double.isFinite(px(area.xs[i])) && Double.isFinite(py(area.lower[i])) && Double.isFinite(py(area.upper[i]));
  }

  private void line(StringBuilder out, Line line) {
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < line.xs.length; i++) {
      double px = px(line.xs[i]);
      double py = py(line.ys[i]);
      if (!Double.isFinite(px) || !Double.isFinite(py)) {
        pen = false;
        continue;
      }
      path.append(pen ? 'L' : 'M').append(coord(px)).append(' ').append(coord(py));
      pen = true;
    }
    if (path.length() > 0) {
      out.append("<path class=\"line\" stroke=\"").append(esc(line.color)).append('"')
        .append(line.dashed ? " stroke-dasharray=\"6 4\"" : "").append(" d=\"").append(path).append("\"/>\n");
    }
    if (line.tips == null) {
      return;
    }
    for (int i = 0; i < line.xs.length; i++) {
      double px = px(line.xs[i]);
      double py = py(line.ys[i]);
      if (line.tips[i] != null && Double.isFinite(px) && Double.isFinite(py)) {
        out.append("<circle class=\"marker\" cx=\"").append(coord(px)).append("\" cy=\"").append(coord(py))
          .append("\" r=\"3.5\" fill=\"").append(esc(line.color)).append("\"><title>").append(esc(line.tips[i]))
          .append("</title></circle>\n");
      }
    }
  }

  private void hover(StringBuilder out, Hover hover) {
    double from = clampX(px(hover.from));
    double to = clampX(px(hover.to));
    if (!(to > from)) {
      return;
    }
    out.append("<rect class=\"hover\" x=\"").append(coord(from)).append("\" y=\"").append(TOP)
      .append("\" width=\"").append(coord(to - from)).append("\" height=\"").append(plotHeight())
      .append("\"><title>").append(esc(hover.text)).append("</title></rect>\n");
  }

  private double px(double value) {
    return LEFT + x.fraction(value) * plotWidth();
  }

  private double py(double value) {
    return TOP + (1 - y.fraction(value)) * plotHeight();
  }

  private static double clampX(double px) {
    return Double.isFinite(px) ? Math.max(LEFT, Math.min(LEFT + plotWidth(), px)) : Double.NaN;
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  private static String rect(double x, double y, double width, double height, String cssClass) {
    return "<rect class=\"" + cssClass + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" + coord(width)
      + "\" height=\"" + coord(height) + "\"/>\n";
  }

  private static String rect(double x, double y, double width, double height, String cssClass, String fill) {
    return "<rect class=\"" + cssClass + "\" fill=\"" + esc(fill) + "\" x=\"" + coord(x) + "\" y=\"" + coord(y)
      + "\" width=\"" + coord(width) + "\" height=\"" + coord(height) + "\"/>";
  }
}
