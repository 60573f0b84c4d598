package io.eventgateway.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DedupKeyTest {
  @Test
  void stableFixedSizeAndUnambiguous() {
    assertEquals(DedupKey.of("/s", "1"), DedupKey.of("/s", "1"));
    assertNotEquals(DedupKey.of("ab", "c"), DedupKey.of("a", "bc"));
    assertEquals(DedupKey.of("x", "y").length(), DedupKey.of("x".repeat(5000), "y").length());
  }
}
