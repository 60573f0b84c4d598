package io.eventgateway.it;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte by byte if need be: for what no well-behaved client sends (broken
 * framing, oversized heads, trickled bytes) and for watching what the server does with the connection.
 */
final class RawHttp implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawHttp connect(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      return new RawHttp(socket);
    } catch (IOException e) {
      throw new IllegalStateException("connect to " + port + " failed: " + e, e);
    }
  }

  /** A request head (with Host) and body, {@code Content-Length} set from the body. */
  static byte[] post(String path, String contentType, byte[] body) {
    String head = "POST " + path + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: " + contentType
      + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes the bytes; a write refused because the server closed the connection fails the test. */
  RawHttp send(byte[] bytes) {
    if (!trySend(bytes)) {
      throw new IllegalStateException("the server closed the connection");
    }
    return this;
  }

  /** Writes the bytes; false if the server has closed the connection. */
  boolean trySend(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (SocketException e) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one response (the gateway always sends Content-Length). */
  Response read() {
    try {
      String statusLine = line();
      if (statusLine == null) {
        throw new IllegalStateException("the connection closed before a response");
      }
      Map<String, String> headers = new HashMap<>();
      for (String header = line(); header != null && !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
        new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("reading the response failed: " + e, e);
    }
  }

  /** Waits up to {@code timeout} for the server to send something or close: false if it did neither. */
  boolean awaitActivity(Duration timeout) {
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      in.mark(1);
      in.read();
      in.reset();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    } finally {
      setTimeout(Duration.ofSeconds(10));
    }
  }

  /** Whether the server closed the connection within {@code timeout} (reading and dropping what it sent). */
  boolean closedWithin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    } finally {
      setTimeout(Duration.ofSeconds(10));
    }
  }

  private void setTimeout(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
    } catch (SocketException e) {
      // closed: nothing more will be read
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }
}
