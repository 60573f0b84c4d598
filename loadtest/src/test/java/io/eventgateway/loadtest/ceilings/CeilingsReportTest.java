package io.eventgateway.loadtest.ceilings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CeilingsReportTest {
  private static final List<Ceiling> CEILINGS = List.of(
    new Ceiling("kafka", "records", 520_000, 10.0, 3.1, 12.04, "acks=all", null),
    new Ceiling("postgres", "rows", 400_000, 10.0, 4.5, 9.0, "unnest", null),
    Ceiling.failed("redis", "sets", "SET NX", "ConnectException: refused"),
    new Ceiling("http", "requests", 300_000, 10.0, 1.9, 5.25, "64 connections", null));

  @Test
  void ceilingsJsonHasOneMemberPerComponentWithItsRateKey() {
    JsonObject json = CeilingsReport.json(Instant.parse("2026-11-22T22:40:00Z"),
      new CeilingsReport.Machine(2, "17.0.15", 1.234), CEILINGS);

    assertEquals("2026-11-22T22:40:00Z", json.getString("measuredAt"));
    assertEquals(2, json.getJsonObject("machine").getInteger("cores"));
    assertEquals(1.23, json.getJsonObject("machine").getDouble("loadAverage"));
    assertEquals(52_000.0, json.getJsonObject("kafka").getDouble("recordsPerSecond"));
    assertEquals(12.04, json.getJsonObject("kafka").getDouble("p99"));
    assertEquals(40_000.0, json.getJsonObject("postgres").getDouble("rowsPerSecond"));
    assertEquals(30_000.0, json.getJsonObject("http").getDouble("requestsPerSecond"));
    assertEquals("ConnectException: refused", json.getJsonObject("redis").getString("error"));
    assertFalse(json.getJsonObject("redis").containsKey("setsPerSecond"));
  }

  @Test
  void tableHasARowPerComponentAndSaysWhichFailed() {
    String table = CeilingsReport.table(CEILINGS);

    assertEquals(5, table.lines().count());
    assertTrue(table.contains("52,000 records/s"), table);
    assertTrue(table.contains("12.04"), table);
    assertTrue(table.contains("redis     FAILED: ConnectException: refused"), table);
  }

  @Test
  void rateIsCountOverTheMeasuredWindow() {
    Ceiling ceiling = new Ceiling("redis", "sets", 1_000, 0.5, 1, 2, "", null);

    assertEquals(2_000, ceiling.perSecond(), 1e-9);
    assertEquals("setsPerSecond", ceiling.rateKey());
    assertEquals(0, Ceiling.failed("redis", "sets", "", "x").perSecond());
  }
}
