package io.eventgateway.ingest.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathGuardTest {
  @Test
  void percentEscapesMustBeTwoHexDigits() {
    assertTrue(PathGuard.wellEscaped("/events"));
    assertTrue(PathGuard.wellEscaped("/events/%2Fshop/order-1"));
    assertTrue(PathGuard.wellEscaped("/events/%2f%C3%A9"));
    assertFalse(PathGuard.wellEscaped("/events%ZZ"));
    assertFalse(PathGuard.wellEscaped("/events%2"));
    assertFalse(PathGuard.wellEscaped("/events/%"));
    assertFalse(PathGuard.wellEscaped("/events/%G1"));
  }
}
