package io.eventgateway.error;

/**
 * The one exception type that crosses the gateway's layers. It carries an {@link ErrorCode} (which knows
 * its HTTP status) and a detail written for the client; the HTTP edge turns it into problem+json in one
 * place. No stack trace is filled in: these are expected outcomes, not bugs.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;
  private int retryAfterSeconds;

  public GatewayException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public GatewayException(ErrorCode code, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.code = code;
  }

  /** Sets the Retry-After the client gets (seconds); returns this, for throw expressions. */
  public GatewayException retryAfter(int seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** The Retry-After for this failure: as set, else 1 s for retriable codes, else 0 (none). */
  public int retryAfterSeconds() {
    return retryAfterSeconds > 0 ? retryAfterSeconds : code.retriable() ? 1 : 0;
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  /** Wraps anything that is not already a GatewayException, keeping the cause for the log. */
  public static GatewayException wrap(Throwable failure, ErrorCode fallback, String detail) {
    return failure instanceof GatewayException ge ? ge : new GatewayException(fallback, detail, failure);
  }
}
