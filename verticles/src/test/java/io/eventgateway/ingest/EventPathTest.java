package io.eventgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import org.junit.jupiter.api.Test;

class EventPathTest {

  @Test
  void sourceAndIdArePercentDecodedExactlyOnce() {
    assertEquals(new EventPath("/shop", "order-1"), EventPath.parse("/events/%2Fshop/order-1"));
    assertEquals(new EventPath("/shop/eu", "o/1"), EventPath.parse("/events/%2fshop%2Feu/o%2F1"));
    assertEquals(new EventPath("%2Fshop", "x"), EventPath.parse("/events/%252Fshop/x"));
    assertEquals(new EventPath("urn:a b", "a+b"), EventPath.parse("/events/urn:a%20b/a+b"));
    assertEquals(new EventPath("/sé", "x;y=1"), EventPath.parse("/events/%2Fs%C3%A9/x;y=1"));
  }

  @Test
  void dotSegmentsAreIdsLikeAnyOther() {
    assertEquals(new EventPath("..", "."), EventPath.parse("/events/%2E%2E/%2E"));
    assertEquals(new EventPath("..", "."), EventPath.parse("/events/../."));
  }

  @Test
  void otherPathsAreLeftToOtherRoutes() {
    assertNull(EventPath.parse("/events"));
    assertNull(EventPath.parse("/events/"));
    assertNull(EventPath.parse("/events/batch"));
    assertNull(EventPath.parse("/health"));
    assertNull(EventPath.parse("/eventsx/a/b"));
  }

  @Test
  void anUnencodedSlashIs404WithTheEncodingRule() {
    for (String path : new String[] {"/events//shop/order-1", "/events/shop/eu/order-1", "/events/shop/",
        "/events/a/b/"}) {
      GatewayException e = assertThrows(GatewayException.class, () -> EventPath.parse(path), path);
      assertEquals(ErrorCode.NOT_FOUND, e.code());
      assertEquals(true, e.detail().contains("%2Fshop"), e.detail());
    }
  }

  @Test
  void badEncodingIs400NamingThePart() {
    String[][] cases = {
      {"/events/%ZZ/x", "source"}, {"/events/x/%2", "id"}, {"/events/x/abc%", "id"},
      {"/events/%C0%AF/x", "source"}, {"/events/%ED%A0%80/x", "source"}, {"/events/x/%00", "id"},
      {"/events/x/%7F", "id"}, {"/events/x/a b", "id"}, {"/events/\u00e9/x", "source"},
    };
    for (String[] c : cases) {
      GatewayException e = assertThrows(GatewayException.class, () -> EventPath.parse(c[0]), c[0]);
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), c[0]);
      assertEquals(true, e.detail().contains("event " + c[1]), e.detail());
    }
  }
}
