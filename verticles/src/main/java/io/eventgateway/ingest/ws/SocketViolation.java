package io.eventgateway.ingest.ws;

/** A client's breach of the WebSocket protocol or of the gateway's limits: the socket is closed with the code. */
final class SocketViolation extends RuntimeException {
  private final CloseCode code;

  SocketViolation(CloseCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  CloseCode code() {
    return code;
  }

  /** The close frame's reason: at most 123 bytes of UTF-8 (RFC 6455, 5.5); the reasons here are ASCII. */
  String reason() {
    String reason = getMessage();
    return reason.length() <= 123 ? reason : reason.substring(0, 120) + "...";
  }
}
