package io.eventgateway.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleTest {

  @Test
  void linearAxesEndOnARoundNumberWithRoundTicks() {
    Scale scale = Scale.linear(0, 5_300, Html::rate);

    assertEquals(6_000, scale.max());
    assertEquals(List.of("0", "2,000", "4,000", "6,000"), labels(scale));
  }

  @Test
  void smallAxesGetFractionalTicksThatReadCleanly() {
    assertEquals(List.of("0", "0.200", "0.400", "0.600", "0.800", "1"), labels(Scale.linear(0, 1, Html::rate)));
  }

  @Test
  void logAxesSpanWholeDecades() {
    Scale scale = Scale.log(0.3, 450, Html::ms);

    assertEquals(0.1, scale.min(), 1e-12);
    assertEquals(1000, scale.max(), 1e-9);
    assertEquals(0.5, scale.fraction(Math.sqrt(0.1 * 1000)), 1e-9);
    assertEquals(List.of("0.100", "1.00", "10.0", "100", "1,000"), labels(scale));
  }

  @Test
  void autoTurnsLogarithmicOnlyForWideRanges() {
    assertTrue(Scale.auto(0.5, 400, Html::ms).isLog());
    assertTrue(!Scale.auto(2, 40, Html::ms).isLog());
    assertTrue(Double.isNaN(Scale.log(1, 10, Html::ms).fraction(0)), "zero has no place on a log axis");
  }

  private static List<String> labels(Scale scale) {
    return scale.ticks().stream().map(Scale.Tick::label).toList();
  }
}
