package io.eventgateway.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @Test
  void rendersEverySectionOfARealisticRun() {
    String html = HtmlReport.render(SampleSummaries.steady());

    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<title>Load test: steady</title>"));
    assertEquals(3, count(html, "<svg"), "three charts");
    assertEquals(count(html, "<svg"), count(html, "</svg>"));
    assertTrue(html.contains("PASSED"));
    assertTrue(html.contains("Delivery to Kafka"));
    assertTrue(html.contains("warm-up"));
    assertTrue(html.contains("298,640"), "outcome counts with separators");
    assertTrue(html.contains("<td class=\"num\">21.0</td>"), "p99 of all outcomes");
    assertBalanced(html, "table", "section", "tr", "title", "text");
  }

  @Test
  void escapesEveryTextFromTheSummary() {
    String html = HtmlReport.render(SampleSummaries.steady());

    assertTrue(html.contains("single events &lt;5 KiB&gt; &amp; &quot;quoted&quot;"));
    assertFalse(html.contains("<5 KiB>"));
  }

  @Test
  void loadsNoExternalResource() {
    String html = HtmlReport.render(SampleSummaries.steady());

    String withoutTarget = html.replace(SampleSummaries.TARGET, "");
    assertFalse(withoutTarget.contains("http://"));
    assertFalse(withoutTarget.contains("https://"));
    assertFalse(html.contains("<script src"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("@import"));
    assertFalse(html.contains("url("));
  }

  @Test
  void aRunWithoutAnyCompletionStillRenders() {
    String html = HtmlReport.render(SampleSummaries.empty());

    assertTrue(html.contains("Load test: nothing"));
    assertEquals(3, count(html, "<svg"));
    assertTrue(html.contains("no data"));
    assertTrue(html.contains("no request completed"));
    assertTrue(html.contains("No verdict"));
    assertFalse(html.contains("Delivery to Kafka"), "no delivery check ran");
    assertFalse(html.contains("NaN"));
    assertFalse(html.contains("Infinity"));
  }

  @Test
  void aFailedRunSaysWhichThresholdBroke() {
    JsonObject summary = SampleSummaries.steady()
      .put("passed", false)
      .put("thresholds", new JsonArray().add(
        new JsonObject().put("name", "p99 <b>").put("limit", 10.0).put("actual", 21.0).put("passed", false)));
    summary.getJsonObject("scheduleLag").put("generatorBehind", true);

    String html = HtmlReport.render(summary);

    assertTrue(html.contains("FAILED: 1 threshold(s) broken"));
    assertTrue(html.contains("p99 &lt;b&gt;"));
    assertTrue(html.contains("generator fell behind"));
  }

  @Test
  void aSummaryWithOnlyTheRequiredPartsRenders() {
    JsonObject summary = new JsonObject().put("scenario", "bare").put("target", SampleSummaries.TARGET);

    String html = HtmlReport.render(summary);

    assertTrue(html.contains("Load test: bare"));
    assertFalse(html.contains("NaN"));
  }

  @Test
  void noCoordinateIsNaNOrInfinite() {
    String html = HtmlReport.render(SampleSummaries.steady());

    assertFalse(html.contains("NaN"));
    assertFalse(html.contains("Infinity"));
  }

  @Test
  void writesReportHtmlIntoTheRunDirectory(@TempDir Path dir) throws Exception {
    Path file = HtmlReport.write(SampleSummaries.steady(), dir.resolve("run"));

    assertEquals(dir.resolve("run").resolve("report.html"), file);
    assertTrue(Files.readString(file).contains("Load test: steady"));
  }

  @Test
  void percentileAxisLabelsShowTheirNines() {
    assertEquals("0%", Charts.percentileLabel(1));
    assertEquals("50%", Charts.percentileLabel(2));
    assertEquals("90%", Charts.percentileLabel(10));
    assertEquals("99%", Charts.percentileLabel(100));
    assertEquals("99.9%", Charts.percentileLabel(1000));
    assertEquals("99.999%", Charts.percentileLabel(100_000));
  }

  @Test
  void theMaxSitsWhereTheSlowestOfCountSamplesDoes() {
    double[][] points = Charts.toInverseTail(new double[][] {{0, 1}, {99, 5}, {100, 9}}, 50_000);

    assertEquals(1, points[0][0], 1e-9);
    assertEquals(100, points[1][0], 1e-6);
    assertEquals(50_000, points[2][0], 1e-9);
  }

  /** Writes the sample page where a person (or a headless browser) can look at it. */
  @Test
  void writesTheSamplePageForALook() {
    Path file = HtmlReport.write(SampleSummaries.steady(), Path.of("target", "report-sample"));
    assertTrue(Files.exists(file));
    HtmlReport.write(SampleSummaries.empty(), Path.of("target", "report-sample", "empty"));
  }

  private static void assertBalanced(String html, String... tags) {
    for (String tag : tags) {
      // "<title" would also count "<titles"; the tags checked here have no such prefixes in the page.
      assertEquals(count(html, "<" + tag + ">") + count(html, "<" + tag + " "), count(html, "</" + tag + ">"),
        "open and close <" + tag + ">");
    }
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
