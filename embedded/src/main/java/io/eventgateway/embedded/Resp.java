package io.eventgateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the Redis protocol (RESP) for PING and FLUSHALL over a raw socket, so this module
 * needs no Redis client library.
 */
final class Resp {

  private static final int TIMEOUT_MILLIS = 5000;

  private Resp() {}

  /** Sends one command and returns its simple-string reply (e.g. {@code PONG}); throws on an error reply. */
  static String command(int port, String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(encode(args));
      out.flush();
      return parseSimpleReply(readLine(socket.getInputStream()));
    }
  }

  static byte[] encode(String... args) {
    StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(arg).append("\r\n");
    }
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code +OK} gives {@code OK} and {@code :1} gives {@code 1}; {@code -ERR ...} (or e.g.
   * {@code -LOADING ...}) is thrown. Bulk replies are not needed by the stack and not parsed.
   */
  static String parseSimpleReply(String line) throws IOException {
    if (line.startsWith("+") || line.startsWith(":")) {
      return line.substring(1);
    }
    throw new IOException("Redis replied " + (line.isEmpty() ? "nothing" : line));
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
