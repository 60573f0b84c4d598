package io.eventgateway.error;

/**
 * Every failure the gateway reports to a client, with the HTTP status it maps to. The slug becomes the
 * RFC 9457 problem {@code type} ({@code urn:event-gateway:problem:<slug>}), so clients can switch on it.
 */
public enum ErrorCode {
  MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
  JSON_LIMIT_EXCEEDED(400, "json-limit-exceeded", "JSON beyond the gateway's parsing limits"),
  BAD_FRAMING(400, "bad-framing", "Ambiguous or unsupported message framing"),
  BAD_REQUEST(400, "bad-request", "Bad request"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  REQUEST_TIMEOUT(408, "request-timeout", "The request did not arrive in time"),
  DUPLICATE_IN_PROGRESS(409, "duplicate-in-progress", "The same event is being committed by another request"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
  BATCH_TOO_LARGE(413, "batch-too-large", "Too many events in one batch"),
  URI_TOO_LONG(414, "uri-too-long", "Request line too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
  INVALID_EVENT(422, "invalid-event", "Invalid CloudEvent"),
  NO_VALID_EVENTS(422, "no-valid-events", "No event in the batch is valid"),
  DEAD_LETTERED(422, "dead-lettered", "Kafka refused the event for good; it went to the dead-letter topic"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "Request header fields too large"),
  INTERNAL(500, "internal", "Internal error"),
  STORAGE_UNAVAILABLE(503, "storage-unavailable", "The outbox database is unavailable"),
  OVERLOADED(503, "overloaded", "The gateway is overloaded"),
  OUTBOX_BACKLOG(503, "outbox-backlog", "The outbox backlog is over its high-water mark"),
  DEADLINE_EXCEEDED(504, "deadline-exceeded", "The request did not finish within its deadline");

  private static final String TYPE_PREFIX = "urn:event-gateway:problem:";

  private final int status;
  private final String slug;
  private final String title;

  ErrorCode(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String type() {
    return TYPE_PREFIX + slug;
  }

  public String title() {
    return title;
  }

  /** Whether a client may retry the same request later and expect a different answer. */
  public boolean retriable() {
    return status == 409 || status == 503 || status == 504;
  }

  /**
   * Whether the connection is closed after the answer: the rest of the byte stream cannot be trusted
   * (framing) or parsed (an oversized head), or is not worth waiting for (a body too slow to arrive).
   * Any request whose head could not be decoded closes it too, whatever its code.
   */
  public boolean closesConnection() {
    return this == BAD_FRAMING || this == REQUEST_TIMEOUT || this == URI_TOO_LONG || this == HEADERS_TOO_LARGE;
  }
}
