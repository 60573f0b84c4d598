package io.eventgateway.loadtest.ceilings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ceilings read the gateway's statements from its classes: a rename there must fail here, not at run time. */
class GatewaySqlTest {
  @Test
  void theGatewaysOutboxStatementsAreThere() {
    assertTrue(GatewaySql.INSERT.startsWith("INSERT INTO outbox"), GatewaySql.INSERT);
    assertTrue(GatewaySql.RELAY_NEXT.contains("FROM outbox"), GatewaySql.RELAY_NEXT);
    assertTrue(GatewaySql.MARK_PUBLISHED.startsWith("UPDATE outbox SET published_at"), GatewaySql.MARK_PUBLISHED);
  }
}
