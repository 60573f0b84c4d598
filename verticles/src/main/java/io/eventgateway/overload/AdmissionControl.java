package io.eventgateway.overload;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.eventgateway.health.BackendStatus;
import io.eventgateway.outbox.OutboxBacklog;

/**
 * Decides, before any backend is touched, whether a request's events may enter the durable path. It
 * refuses at once, with a Retry-After derived from the state that caused the refusal, when:
 * PostgreSQL is down (nothing could be committed), the outbox backlog is over its high-water mark, or
 * every ingress permit is taken. Shared by all event loops and transports.
 */
public final class AdmissionControl {
  private static final int MAX_OVERLOAD_RETRY_AFTER = 30;
  private static final int MAX_STORAGE_RETRY_AFTER = 30;

  private final ConnectionLimit connections;
  private final IngressPermits permits;
  private final OutboxBacklog backlog;
  private final BackendStatus postgres;

  public AdmissionControl(ConnectionLimit connections, IngressPermits permits, OutboxBacklog backlog,
                          BackendStatus postgres) {
    this.connections = connections;
    this.permits = permits;
    this.backlog = backlog;
    this.postgres = postgres;
  }

  /**
   * Admits {@code events} events, or throws a retriable {@link GatewayException} (503) saying why not.
   * The caller must release the permit once the events' outcome is known, on every path.
   */
  public Permit admit(int events) {
    if (!postgres.up()) {
      throw storageUnavailable(postgres,
        "The outbox database is unavailable, so no event can be committed; retry later");
    }
    if (backlog.shedding()) {
      throw new GatewayException(ErrorCode.OUTBOX_BACKLOG,
        "Not accepting events while " + backlog.reason() + "; retry once it drained")
        .retryAfter(backlog.retryAfterSeconds());
    }
    if (!permits.tryAcquire(events)) {
      throw new GatewayException(ErrorCode.OVERLOADED, "The gateway is at its limit of " + permits.max()
        + " events in flight; retry shortly")
        .retryAfter(permits.retryAfterSeconds(MAX_OVERLOAD_RETRY_AFTER));
    }
    return new Permit(permits, events);
  }

  /**
   * The 503 for "PostgreSQL is down", also for reads that take no permit (event status, management):
   * a short outage invites a quick retry; a long one backs clients off.
   */
  public static GatewayException storageUnavailable(BackendStatus postgres, String detail) {
    return new GatewayException(ErrorCode.STORAGE_UNAVAILABLE, detail)
      .retryAfter(RetryAfter.clamp(postgres.sinceMillis() / 4000.0, MAX_STORAGE_RETRY_AFTER));
  }

  public ConnectionLimit connections() {
    return connections;
  }

  public IngressPermits permits() {
    return permits;
  }

  /** Admitted events; {@link #release()} is idempotent, so every completion path may call it. */
  public static final class Permit {
    private final IngressPermits permits;
    private int held;

    private Permit(IngressPermits permits, int held) {
      this.permits = permits;
      this.held = held;
    }

    /** Called on the context that admitted the events. */
    public void release() {
      if (held > 0) {
        permits.release(held);
        held = 0;
      }
    }
  }
}
