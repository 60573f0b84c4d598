package io.eventgateway.loadtest.ceilings;

import io.eventgateway.embedded.EmbeddedStack;
import io.eventgateway.embedded.StackTuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the backends are: an embedded stack this run started, or addresses given to it. The embedded
 * stack is scratch: closing stops it and deletes its state directory, since a run leaves gigabytes in
 * it (a deleted Kafka topic's files outlive a short-lived broker) and the next run starts afresh anyway.
 */
final class Backends implements AutoCloseable {
  private final Path stateDir;
  private final EmbeddedStack stack;
  private final String kafka;
  private final String pgUri;
  private final String redisUri;

  private Backends(Path stateDir, EmbeddedStack stack, String kafka, String pgUri, String redisUri) {
    this.stateDir = stateDir;
    this.stack = stack;
    this.kafka = kafka;
    this.pgUri = pgUri;
    this.redisUri = redisUri;
  }

  static Backends embedded(Path stateDir) {
    EmbeddedStack stack = EmbeddedStack.start(stateDir, StackTuning.STEADY_STATE);
    return new Backends(stateDir, stack, stack.kafka().bootstrapServers(), stack.postgres().uri(),
      stack.redis().uri());
  }

  static Backends external(String kafka, String pgUri, String redisUri) {
    return new Backends(null, null, kafka, pgUri, redisUri);
  }

  String kafka() {
    return kafka;
  }

  String pgUri() {
    return pgUri;
  }

  String redisUri() {
    return redisUri;
  }

  String describe() {
    return stack == null ? "given backends" : "embedded stack";
  }

  /**
   * Drops the Redis ceiling's keys at once where that is ours to do; on given backends they expire
   * within a minute instead, since a FLUSHALL there could wipe someone else's data.
   */
  void dropRedisKeys() {
    if (stack == null) {
      return;
    }
    try {
      stack.redis().flushAll();
    } catch (RuntimeException e) {
      System.err.println("warning: could not flush the embedded Redis: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (stack == null) {
      return;
    }
    stack.close();
    try {
      deleteTree(stateDir);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("warning: could not delete " + stateDir + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      // Deepest first, so every directory is empty by the time its turn comes.
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
