package io.eventgateway.ingest.http;

/**
 * A request whose body length cannot be determined without guessing (RFC 9112, section 6.3): a
 * front-end proxy could read it differently and smuggle a second request inside it. An expected
 * outcome of hostile input, so no stack trace is filled in.
 */
public final class FramingException extends RuntimeException {
  public FramingException(String message) {
    super(message, null, false, false);
  }
}
