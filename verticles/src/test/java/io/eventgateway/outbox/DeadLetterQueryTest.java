package io.eventgateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class DeadLetterQueryTest {

  private static MultiMap params(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  @Test
  void pageDefaultsToTheFirst100WithoutFilters() {
    assertEquals(new DeadLetterQuery(null, null, null, 0, 100), DeadLetterQuery.page(params()));
    assertEquals(new DeadLetterQuery(null, null, null, 0, 100), DeadLetterQuery.page(params("topic", "", "type", "")));
  }

  @Test
  void pageTakesFiltersAfterAndLimit() {
    assertEquals(new DeadLetterQuery("orders", "com.example.order.created", "TooLarge", 41, 1000),
      DeadLetterQuery.page(params("topic", "orders", "type", "com.example.order.created", "error", "TooLarge",
        "after", "41", "limit", "1000")));
  }

  @Test
  void outOfRangeOrUnknownOrRepeatedParametersAre400() {
    for (MultiMap bad : new MultiMap[] {params("limit", "0"), params("limit", "1001"), params("limit", "ten"),
        params("after", "-1"), params("topics", "orders"), params("topic", "a", "topic", "b")}) {
      GatewayException e = assertThrows(GatewayException.class, () -> DeadLetterQuery.page(bad), bad.toString());
      assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }
  }

  @Test
  void replayTakesFiltersOnlySoATypoCannotReplayEverything() {
    assertEquals("orders", DeadLetterQuery.replay(params("topic", "orders")).topic());
    GatewayException e = assertThrows(GatewayException.class, () -> DeadLetterQuery.replay(params("tpye", "x")));
    assertTrue(e.detail().contains("'tpye'"), e.detail());
    assertThrows(GatewayException.class, () -> DeadLetterQuery.replay(params("limit", "5")));
  }

  @Test
  void errorFilterIsALiteralSubstring() {
    assertNull(new DeadLetterQuery(null, null, null, 0, 1).errorPattern());
    assertEquals("%TooLarge%", new DeadLetterQuery(null, null, "TooLarge", 0, 1).errorPattern());
    assertEquals("%100\\%\\_a\\\\b%", new DeadLetterQuery(null, null, "100%_a\\b", 0, 1).errorPattern());
  }
}
