package io.eventgateway.loadtest.report;

import static io.eventgateway.loadtest.report.Html.esc;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a run's {@code summary.json} (see docs/loadtest-summary-schema.md) into one self-contained
 * HTML page: header, verdict and thresholds, outcome and latency tables, three inline SVG charts
 * (latency over time, throughput over time, latency by percentile) and the delivery check when one ran.
 *
 * <p>The page loads nothing: no script, font, stylesheet or image from anywhere, so it reads the same
 * offline and years later. Every text from the summary is escaped. Optional parts of the summary that
 * are missing are left out of the page rather than shown empty.
 */
public final class HtmlReport {
  /** The file name {@link #write} uses, next to summary.json. */
  public static final String FILE_NAME = "report.html";

  private static final String CSS = """
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212121;
           margin: 0 auto; max-width: 1140px; padding: 16px 20px 40px; background: #fff; }
    h1 { font-size: 22px; margin: 8px 0 4px; }
    h2 { font-size: 17px; margin: 26px 0 8px; }
    h3 { font-size: 14px; margin: 16px 0 6px; }
    .description { margin: 0 0 10px; color: #424242; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
    .facts dt { color: #757575; }
    .facts dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
    .banner { margin: 18px 0 6px; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
    .banner.pass { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; }
    .banner.fail { background: #ffebee; color: #b71c1c; border: 1px solid #ef9a9a; }
    .banner.neutral { background: #f5f5f5; color: #424242; border: 1px solid #e0e0e0; }
    table { border-collapse: collapse; margin: 4px 0; }
    th, td { padding: 4px 12px; border-bottom: 1px solid #e0e0e0; text-align: left; }
    th { font-weight: 600; color: #616161; background: #fafafa; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.total td { font-weight: 600; }
    .good { color: #1b5e20; font-weight: 600; }
    .bad { color: #b71c1c; font-weight: 700; }
    .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 7px; }
    .note { color: #757575; font-size: 12.5px; margin: 0 0 6px; }
    .empty-row { color: #757575; font-style: italic; }
    svg.chart { width: 100%; height: auto; display: block; margin: 10px 0 4px; }
    svg .title { font-size: 14px; font-weight: 600; fill: #212121; }
    svg .legend, svg .tick { font-size: 12px; fill: #616161; }
    svg .axis { font-size: 12px; fill: #424242; }
    svg .empty { font-size: 16px; fill: #9e9e9e; text-anchor: middle; }
    svg .plot { fill: #fcfcfc; stroke: #bdbdbd; }
    svg .grid { stroke: #eeeeee; }
    svg .band { fill: #eceff1; }
    svg .band-label { font-size: 11px; fill: #78909c; }
    svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
    svg .area { fill-opacity: 0.6; stroke: none; }
    svg .hover { fill: #000; fill-opacity: 0; }
    svg .hover:hover { fill-opacity: 0.06; }
    svg .marker { stroke: #fff; stroke-width: 1; }
    footer { margin-top: 30px; color: #9e9e9e; font-size: 12px; }
    """;

  private HtmlReport() {
  }

  /** The whole page for one summary. */
  public static String render(JsonObject summary) {
    JsonObject s = summary == null ? new JsonObject() : summary;
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
      .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .append("<title>Load test: ").append(esc(Json.str(s, "scenario"))).append("</title>\n")
      .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
      .append(Sections.header(s))
      .append(Sections.verdict(s))
      .append(Sections.outcomes(s))
      .append(Sections.percentiles(s))
      .append("<section>\n<h2>Charts</h2>\n")
      .append("<p class=\"note\">Hover over a chart for the figures of one second or one percentile.</p>\n")
      .append(Charts.latencyOverTime(s))
      .append(Charts.throughputOverTime(s))
      .append(Charts.percentileDistribution(s))
      .append(Charts.outboxOverTime(s))
      .append("</section>\n")
      .append(Sections.delivery(s))
      .append("<footer>Rendered from summary.json; the page loads no external resource.</footer>\n")
      .append("</body>\n</html>\n");
    return page.toString();
  }

  /** Writes {@value #FILE_NAME} into dir (created if missing) and returns its path. */
  public static Path write(JsonObject summary, Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      Files.writeString(file, render(summary), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + FILE_NAME + " to " + dir, e);
    }
  }
}
