package io.eventgateway.loadtest.ceilings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.loadtest.CpuSteal;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CeilingsReportTest {
  private static final List<Ceiling> CEILINGS = List.of(
    new Ceiling("kafka", "records", 520_000, 10.0, 3.1, 12.04, "acks=all", null,
      new CpuSteal.Shares(0.5, 52, 2, 10.0)),
    new Ceiling("postgres", "rows", 400_000, 10.0, 4.5, 9.0, "unnest", null, null),
    Ceiling.failed("redis", "sets", "SET NX", "ConnectException: refused"),
    new Ceiling("http", "requests", 300_000, 10.0, 1.9, 5.25, "64 connections", null,
      new CpuSteal.Shares(0, 90, 2, 10.0)));

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
    assertEquals(20.0, json.getJsonObject("kafka").getDouble("cpuMicrosPerUnit")); // 52 % of 2 cores, 10 s, 520,000
    assertEquals(0.5, json.getJsonObject("kafka").getDouble("stealPercent"));
    assertFalse(json.getJsonObject("postgres").containsKey("cpuMicrosPerUnit"));
    assertTrue(json.getJsonObject("cpuFloors").isEmpty(), "no floor without every ceiling it needs");
  }

  @Test
  void cpuPerOperationIsTheBusyShareOfEveryCoreOverTheWindowPerOperation() {
    // 50 % of 2 cores for 10 s is 10 s of CPU; over 1,000,000 operations, 10 us each.
    Ceiling ceiling = new Ceiling("outbox", "rows", 1_000_000, 10.0, 1, 2, "", null,
      new CpuSteal.Shares(3, 50, 2, 10.0));

    assertEquals(10.0, ceiling.cpuMicrosPerUnit(), 1e-9);
    assertTrue(Double.isNaN(new Ceiling("outbox", "rows", 1, 1, 1, 1, "", null, null).cpuMicrosPerUnit()));
  }

  @Test
  void floorsAddUpWhatAnEventTakesOfEachComponent() {
    List<Ceiling> ceilings = List.of(perUnit("http", 60), perUnit("redis", 10), perUnit("postgres", 30),
      perUnit("outbox", 70), perUnit("kafka", 8));

    assertEquals(60 + 2 * 10 + 70 + 8, CpuFloor.micros(CpuFloor.FLOORS.get(0), ceilings), 1e-6);
    assertEquals(0.6 + 2 * 10 + 70 + 8, CpuFloor.micros(CpuFloor.FLOORS.get(1), ceilings), 1e-6);
    assertEquals(60 + 2 * 10 + 30 + 8, CpuFloor.micros(CpuFloor.FLOORS.get(2), ceilings), 1e-6);
    assertEquals(0.6 + 2 * 10 + 30 + 8, CpuFloor.micros(CpuFloor.FLOORS.get(3), ceilings), 1e-6);
    JsonObject single = CeilingsReport.json(Instant.EPOCH, new CeilingsReport.Machine(2, "17", 0), ceilings)
      .getJsonObject("cpuFloors").getJsonObject("single event");
    assertEquals(158.0, single.getDouble("cpuMicrosPerEvent"));
    assertEquals(12_658, single.getLong("eventsPerSecond"));
    assertTrue(CpuFloor.table(ceilings, 2).contains("single event: 158.0 us of CPU"), CpuFloor.table(ceilings, 2));
  }

  /** A ceiling whose machine CPU comes to the given microseconds per operation. */
  private static Ceiling perUnit(String component, double micros) {
    return new Ceiling(component, "ops", 100_000, 10.0, 1, 2, "", null, new CpuSteal.Shares(0, micros / 2, 2, 10.0));
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
    Ceiling ceiling = new Ceiling("redis", "sets", 1_000, 0.5, 1, 2, "", null, null);

    assertEquals(2_000, ceiling.perSecond(), 1e-9);
    assertEquals("setsPerSecond", ceiling.rateKey());
    assertEquals(0, Ceiling.failed("redis", "sets", "", "x").perSecond());
  }
}
