package io.eventgateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Properties;

/**
 * Native binaries unpacked from jars into a per-version cache under {@code java.io.tmpdir}, shared by
 * every stack on the machine. Unpacking goes to a temporary sibling that is renamed into place, so a
 * concurrent or interrupted run never sees half a cache entry.
 */
final class CachedBinaries {

  private static final Properties VERSIONS = loadVersions();

  private CachedBinaries() {}

  static String version(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.contains("${")) {
      throw new IllegalStateException("embedded-versions.properties lacks " + key);
    }
    return value;
  }

  /** Where the cache entry {@code name} lives (it may not exist yet). */
  static Path cacheDir(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), name).toAbsolutePath();
  }

  /** Returns {@code target}, first filling it with {@code filler} if it does not exist. */
  static Path ensure(Path target, Filler filler) {
    if (Files.isDirectory(target)) {
      return target;
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
      try {
        filler.fill(temp);
        // Others (the unprivileged postgres user) must be able to enter and run what is inside.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
        // Another JVM won the race; its copy is as good as ours.
      } finally {
        deleteTree(temp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + target, e);
    }
  }

  /** Fills a fresh directory. */
  @FunctionalInterface
  interface Filler {
    void fill(Path dir) throws IOException;
  }

  static InputStream resource(String name) {
    InputStream in = CachedBinaries.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("Resource " + name + " not found on the classpath");
    }
    return in;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Properties loadVersions() {
    Properties properties = new Properties();
    try (InputStream in = resource("io/eventgateway/embedded/embedded-versions.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
