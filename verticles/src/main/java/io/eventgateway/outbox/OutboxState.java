package io.eventgateway.outbox;

/** SQL about an outbox row's state, shared by every statement that checks it on a row it already found. */
public final class OutboxState {
  /**
   * True for a row of {@code outbox o} that is neither published nor dead. Written as one expression on
   * purpose: {@code published_at IS NULL} is a qual the BRIN index on {@code published_at} can answer,
   * and with statistics that saw few unpublished rows the planner took that lossy scan of the whole
   * table over the primary-key lookup the row was found by (seconds instead of microseconds, 64 times
   * per backlog check). No index matches this expression, so the row is always fetched by its key.
   */
  public static final String STILL_PENDING = "coalesce(o.published_at, o.dead_at) IS NULL";

  private OutboxState() {
  }
}
