package io.eventgateway.ingest.ws;

/** The WebSocket close codes the gateway sends (RFC 6455, section 7.4.1), and what each means here. */
public enum CloseCode {
  /** Idle for {@code websocket.idle-timeout}, or the client closed first. */
  NORMAL(1000),
  /** The gateway is shutting down (after the acks of every event it read), or the client stopped answering pings. */
  GOING_AWAY(1001),
  /** Broken framing (as Netty's frame decoder reports it). */
  PROTOCOL_ERROR(1002),
  /** A binary message: events are JSON text. */
  UNSUPPORTED_DATA(1003),
  /** A text message that is not well-formed UTF-8. */
  INVALID_PAYLOAD(1007),
  /** The client broke a rule of the gateway: it did not read its acks within {@code websocket.unread-acks-timeout}. */
  POLICY_VIOLATION(1008),
  /** A message (or frame) over {@code websocket.max-message-bytes}. */
  MESSAGE_TOO_BIG(1009),
  /** A failure of the gateway's own; it was logged. */
  INTERNAL_ERROR(1011);

  private final short code;

  CloseCode(int code) {
    this.code = (short) code;
  }

  public short code() {
    return code;
  }

  /** The close code Netty's decoder chose for a corrupt frame; protocol error for anything unexpected. */
  static CloseCode of(int code) {
    for (CloseCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return PROTOCOL_ERROR;
  }
}
