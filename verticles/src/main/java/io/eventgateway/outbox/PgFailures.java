package io.eventgateway.outbox;

import io.vertx.sqlclient.DatabaseException;

/** Tells "PostgreSQL is unreachable or unwell" apart from an error in one statement. */
public final class PgFailures {
  private PgFailures() {
  }

  /**
   * True for failures that say nothing could be committed right now: no connection, a closed or timed-out
   * one, or a server-side error of SQLSTATE class 08 (connection), 53 (insufficient resources), 57
   * (operator intervention: shutdown, recovery) or 58 (system error).
   */
  public static boolean unavailable(Throwable failure) {
    if (failure instanceof DatabaseException db) {
      String state = db.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
        || state.startsWith("58"));
    }
    return true;
  }
}
