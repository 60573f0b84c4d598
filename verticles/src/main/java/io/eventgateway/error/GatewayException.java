package io.eventgateway.error;

/**
 * The one exception type that crosses the gateway's layers. It carries an {@link ErrorCode} (which knows
 * its HTTP status) and a detail written for the client; the HTTP edge turns it into problem+json in one
 * place. No stack trace is filled in: these are expected outcomes, not bugs.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;

  public GatewayException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public GatewayException(ErrorCode code, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.code = code;
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
