package io.eventgateway.outbox;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.sqlclient.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells "PostgreSQL is unreachable or unwell" apart from an error in one statement. */
public final class PgFailures {
  private static final Logger LOG = LoggerFactory.getLogger(PgFailures.class);

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

  /**
   * A failed read or maintenance statement as a client should see it: 503 (retry later) when PostgreSQL
   * is unreachable, unwell or slow; 500 for anything else (a bug in a statement), logged here once.
   * {@code what} says what failed, for the client and the log.
   */
  public static GatewayException asProblem(Throwable failure, String what) {
    if (failure instanceof GatewayException ge) {
      return ge;
    }
    if (unavailable(failure)) {
      return new GatewayException(ErrorCode.STORAGE_UNAVAILABLE, what + ": the outbox database is unavailable or"
        + " did not answer in time; retry later", failure);
    }
    LOG.error("{}: {}", what, failure.toString(), failure);
    return new GatewayException(ErrorCode.INTERNAL, what + "; the failure was logged", failure);
  }
}
