package io.eventgateway.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the PostgreSQL frontend/backend protocol (v3, trust authentication, simple query)
 * to probe readiness and create the database, so this module needs no JDBC driver or Vert.x instance.
 */
final class PgWire implements AutoCloseable {

  private static final int PROTOCOL_3_0 = 196608;
  private static final int TIMEOUT_MILLIS = 5000;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private PgWire(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  /** Connects and logs in; fails while the server is still starting ("the database system is starting up"). */
  static PgWire connect(int port, String user, String database) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      PgWire wire = new PgWire(socket);
      wire.startup(user, database);
      return wire;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Runs one statement and returns the rows as text columns (empty for commands). */
  List<List<String>> query(String sql) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    cstring(body, sql);
    send('Q', body.toByteArray());
    List<List<String>> rows = new ArrayList<>();
    IOException error = null;
    while (true) {
      char type = (char) in.readUnsignedByte();
      byte[] payload = new byte[in.readInt() - 4];
      in.readFully(payload);
      switch (type) {
        case 'D' -> rows.add(dataRow(payload));
        case 'E' -> error = new IOException("PostgreSQL error: " + errorMessage(payload));
        case 'Z' -> {
          if (error != null) {
            throw error;
          }
          return rows;
        }
        default -> { } // RowDescription, CommandComplete, notices: not needed here.
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      send('X', new byte[0]);
    } finally {
      socket.close();
    }
  }

  private void startup(String user, String database) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    new DataOutputStream(body).writeInt(PROTOCOL_3_0);
    cstring(body, "user");
    cstring(body, user);
    cstring(body, "database");
    cstring(body, database);
    body.write(0);
    byte[] bytes = body.toByteArray();
    out.writeInt(bytes.length + 4);
    out.write(bytes);
    out.flush();
    while (true) {
      char type = (char) in.readUnsignedByte();
      byte[] payload = new byte[in.readInt() - 4];
      in.readFully(payload);
      switch (type) {
        case 'R' -> {
          int code = ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
              | (payload[3] & 0xff);
          if (code != 0) {
            throw new IOException("PostgreSQL asks for authentication method " + code + "; expected trust");
          }
        }
        case 'E' -> throw new IOException("PostgreSQL error: " + errorMessage(payload));
        case 'Z' -> {
          return;
        }
        default -> { } // ParameterStatus, BackendKeyData.
      }
    }
  }

  private void send(char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(body.length + 4);
    out.write(body);
    out.flush();
  }

  private static List<String> dataRow(byte[] payload) throws IOException {
    DataInputStream row = new DataInputStream(new ByteArrayInputStream(payload));
    int columns = row.readUnsignedShort();
    List<String> values = new ArrayList<>(columns);
    for (int i = 0; i < columns; i++) {
      int length = row.readInt();
      if (length < 0) {
        values.add(null);
      } else {
        byte[] value = new byte[length];
        row.readFully(value);
        values.add(new String(value, StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  /** The 'M' (message) field of an ErrorResponse, with its SQLSTATE ('C'). */
  static String errorMessage(byte[] payload) {
    String message = "";
    String code = "";
    int i = 0;
    while (i < payload.length && payload[i] != 0) {
      byte field = payload[i++];
      int end = i;
      while (end < payload.length && payload[end] != 0) {
        end++;
      }
      String value = new String(payload, i, end - i, StandardCharsets.UTF_8);
      if (field == 'M') {
        message = value;
      } else if (field == 'C') {
        code = value;
      }
      i = end + 1;
    }
    return message + (code.isEmpty() ? "" : " (SQLSTATE " + code + ")");
  }

  private static void cstring(ByteArrayOutputStream out, String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }
}
