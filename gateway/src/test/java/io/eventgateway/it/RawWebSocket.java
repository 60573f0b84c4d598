package io.eventgateway.it;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client frame by frame over a plain socket, for what no well-behaved client sends (bytes
 * that are not UTF-8) and for a client that never reads (a small receive buffer, nothing read).
 */
final class RawWebSocket implements Closeable {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** One frame from the server (servers do not mask). */
  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and upgrades; {@code receiveBuffer} bytes of socket receive buffer (0: the system's). */
  static RawWebSocket connect(int port, int receiveBuffer) {
    try {
      Socket socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      RawWebSocket ws = new RawWebSocket(socket);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      ws.out.write(("GET /events/ws HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: cloudevents.json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      ws.out.flush();
      String head = ws.head();
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("no upgrade: " + head);
      }
      return ws;
    } catch (IOException e) {
      throw new IllegalStateException("WebSocket connect to " + port + " failed: " + e, e);
    }
  }

  private String head() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** One frame, masked as a client must; throws if the server closed the connection. */
  void send(int opcode, byte[] payload, boolean fin) throws IOException {
    out.write(frame(opcode, payload, fin));
    out.flush();
  }

  /**
   * Writes only the head of a frame of {@code payload}'s length (opcode, length, mask) and its first
   * bytes: for limits the server enforces from the head, which may close before a whole payload is sent.
   */
  void sendHead(int opcode, byte[] payload) throws IOException {
    int lengthBytes = payload.length < 126 ? 0 : payload.length < 65_536 ? 2 : 8;
    out.write(frame(opcode, payload, true), 0, Math.min(payload.length, 16) + 2 + lengthBytes + 4);
    out.flush();
  }

  void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  static byte[] frame(int opcode, byte[] payload, boolean fin) {
    int n = payload.length;
    int lengthBytes = n < 126 ? 0 : n < 65_536 ? 2 : 8;
    byte[] frame = new byte[2 + lengthBytes + 4 + n];
    frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
    int i = 2;
    if (lengthBytes == 0) {
      frame[1] = (byte) (0x80 | n);
    } else if (lengthBytes == 2) {
      frame[1] = (byte) (0x80 | 126);
      frame[i++] = (byte) (n >>> 8);
      frame[i++] = (byte) n;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame[i++] = (byte) ((long) n >>> shift);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, i, 4);
    i += 4;
    for (int k = 0; k < n; k++) {
      frame[i + k] = (byte) (payload[k] ^ mask[k % 4]);
    }
    return frame;
  }

  /** The next frame, or null if the connection ended. */
  Frame read() throws IOException {
    int first = in.read();
    int second = in.read();
    if (first < 0 || second < 0) {
      return null;
    }
    long length = second & 0x7F;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int k = 0; k < 8; k++) {
        length = (length << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    return new Frame(first & 0x0F, payload);
  }

  /** Reads (and drops) frames until the server's close frame: its code; -1 if the connection just ended. */
  int awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        Frame frame = read();
        if (frame == null) {
          return -1;
        }
        if (frame.opcode() == CLOSE) {
          return frame.closeCode();
        }
      }
    } catch (SocketTimeoutException e) {
      // fall through
    } catch (IOException e) {
      return -1;
    }
    throw new AssertionError("the server did not close within " + timeout);
  }

  /** Reads everything the server sends until the connection ends; false if it is still open after the timeout. */
  boolean endsWithin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] sink = new byte[65_536];
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (in.read(sink) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
