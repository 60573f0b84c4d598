package io.eventgateway.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.outbox.OutboxBacklog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
  private final IngressPermits permits = new IngressPermits(10);
  private final OutboxBacklog backlog = new OutboxBacklog(100, 50, Duration.ZERO);
  private final BackendStatus postgres = new BackendStatus("PostgreSQL");
  private final AdmissionControl admission = new AdmissionControl(new ConnectionLimit(10), permits, backlog,
    postgres);

  @Test
  void admitsUpToTheLimitThenShedsWithRetryAfter() {
    AdmissionControl.Permit first = admission.admit(6);
    AdmissionControl.Permit second = admission.admit(4);
    GatewayException full = assertThrows(GatewayException.class, () -> admission.admit(1));
    assertEquals(ErrorCode.OVERLOADED, full.code());
    assertTrue(full.retryAfterSeconds() >= 1 && full.retryAfterSeconds() <= 30, "" + full.retryAfterSeconds());

    first.release();
    first.release(); // idempotent: a second completion path must not free someone else's permits
    assertEquals(4, permits.inUse());
    second.release();
    assertEquals(0, permits.inUse());
  }

  @Test
  void aBatchIsAdmittedWholeOrNotAtAll() {
    admission.admit(8);
    assertThrows(GatewayException.class, () -> admission.admit(3));
    assertEquals(8, permits.inUse(), "a refused batch takes nothing");
  }

  @Test
  void postgresDownFailsFastBeforeTakingPermits() {
    postgres.markDown(new IllegalStateException("connection refused"));
    GatewayException down = assertThrows(GatewayException.class, () -> admission.admit(1));
    assertEquals(ErrorCode.STORAGE_UNAVAILABLE, down.code());
    assertEquals(1, down.retryAfterSeconds(), "a fresh outage invites a quick retry");
    assertEquals(0, permits.inUse());
    postgres.markUp();
    admission.admit(1).release();
  }

  @Test
  void retryAfterFollowsHowFastPermitsComeBack() {
    assertEquals(1, RetryAfter.clamp(0.2, 30));
    assertEquals(3, RetryAfter.clamp(2.1, 30));
    assertEquals(30, RetryAfter.clamp(1e9, 30));
    assertEquals(30, permits.retryAfterSeconds(30), "nothing came back yet: the longest wait");
  }
}
