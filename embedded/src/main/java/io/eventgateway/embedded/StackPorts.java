package io.eventgateway.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The loopback ports of one stack, chosen once and kept for its life so that restarted backends come
 * back where clients expect them. They are recorded in {@code stack.properties} and reused by the next
 * run on the same state directory while still free, which keeps dev URLs and the Kafka quorum stable.
 */
final class StackPorts {

  static final String FILE = "stack.properties";
  static final String KAFKA = "kafka.port";
  static final String KAFKA_CONTROLLER = "kafka.controller.port";
  static final String POSTGRES = "postgres.port";
  static final String REDIS = "redis.port";
  private static final List<String> KEYS = List.of(KAFKA, KAFKA_CONTROLLER, POSTGRES, REDIS);

  private final Map<String, Integer> ports;

  private StackPorts(Map<String, Integer> ports) {
    this.ports = ports;
  }

  int get(String key) {
    return ports.get(key);
  }

  /** Reuses the ports recorded in the state dir that are still free, picks new ones for the rest, records them. */
  static StackPorts loadOrAllocate(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    Properties recorded = read(file);
    Map<String, Integer> ports = new LinkedHashMap<>();
    Set<Integer> taken = new HashSet<>();
    for (String key : KEYS) {
      int port = parsePort(recorded.getProperty(key));
      if (port > 0 && taken.add(port) && isFree(port)) {
        ports.put(key, port);
      }
    }
    List<Integer> fresh = freePorts(KEYS.size() - ports.size(), taken);
    for (String key : KEYS) {
      if (!ports.containsKey(key)) {
        ports.put(key, fresh.remove(0));
      }
    }
    KEYS.forEach(key -> recorded.setProperty(key, Integer.toString(ports.get(key))));
    write(file, recorded);
    return new StackPorts(ports);
  }

  static int parsePort(String value) {
    try {
      int port = value == null ? 0 : Integer.parseInt(value.strip());
      return port > 0 && port < 65536 ? port : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether a server could listen on 127.0.0.1:port now (with SO_REUSEADDR, as the backends do). */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ephemeral ports the kernel hands out; all are held open together so they are distinct. */
  private static List<Integer> freePorts(int count, Set<Integer> avoid) {
    List<ServerSocket> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      while (ports.size() < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        if (!avoid.contains(socket.getLocalPort())) {
          ports.add(socket.getLocalPort());
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find free loopback ports", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket that never accepted does not fail in practice.
        }
      }
    }
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        properties.load(in);
      } catch (IOException | IllegalArgumentException e) {
        // A damaged file only costs new ports.
        properties.clear();
      }
    }
    return properties;
  }

  private static void write(Path file, Properties properties) {
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, "Ports of the embedded stack, reused by the next run while free");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
