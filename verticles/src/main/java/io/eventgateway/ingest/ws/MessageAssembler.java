package io.eventgateway.ingest.ws;

import io.eventgateway.ingest.Utf8;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins a socket's data frames into whole text messages, within the size limit, and refuses what the
 * gateway does not take: binary messages (1003), messages over the limit (1009) and text that is not
 * well-formed UTF-8 (1007). Vert.x's own aggregator only reports an oversized message and decodes bad
 * UTF-8 into replacement characters, which would alter events silently.
 */
final class MessageAssembler {
  private final int maxBytes;
  private Buffer partial;

  MessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Takes one frame: a whole text message once its final frame arrived, else null (also for control
   * frames, which Vert.x answers itself). Throws a {@link SocketViolation} for what closes the socket.
   */
  Buffer accept(WebSocketFrame frame) {
    switch (frame.type()) {
      case TEXT -> {
        if (partial != null) {
          throw new SocketViolation(CloseCode.PROTOCOL_ERROR, "a new message began before the last one ended");
        }
        return append(frame.binaryData(), frame.isFinal(), true);
      }
      case CONTINUATION -> {
        if (partial == null) {
          throw new SocketViolation(CloseCode.PROTOCOL_ERROR, "a continuation frame without a message to continue");
        }
        return append(frame.binaryData(), frame.isFinal(), false);
      }
      case BINARY -> throw new SocketViolation(CloseCode.UNSUPPORTED_DATA,
        "binary messages are not accepted: send CloudEvents as JSON text messages");
      default -> {
        return null;
      }
    }
  }

  private Buffer append(Buffer data, boolean last, boolean first) {
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > maxBytes) {
      partial = null;
      throw new SocketViolation(CloseCode.MESSAGE_TOO_BIG, "message over the limit of " + maxBytes + " bytes");
    }
    if (first && last) {
      return checked(data);
    }
    // Copied: a frame's buffer is not ours to keep past the handler.
    partial = partial == null ? Buffer.buffer(Math.min(maxBytes, 2 * data.length())) : partial;
    partial.appendBuffer(data);
    if (!last) {
      return null;
    }
    Buffer message = partial;
    partial = null;
    return checked(message);
  }

  private static Buffer checked(Buffer message) {
    int malformed = Utf8.firstMalformed(message.getBytes());
    if (malformed >= 0) {
      throw new SocketViolation(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8 at byte " + malformed);
    }
    return message;
  }
}
