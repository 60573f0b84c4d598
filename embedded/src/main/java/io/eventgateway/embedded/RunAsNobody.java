package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL refuses to run as root, and dev containers and CI run as root. Then initdb and postgres
 * run as {@code nobody} through setpriv (which execs, so postgres stays our direct child), their data
 * directory belongs to nobody, and every directory above the data and the binaries lets others pass.
 */
final class RunAsNobody {

  private static final Logger LOG = LoggerFactory.getLogger(RunAsNobody.class);
  static final int NOBODY = 65534;
  private static final String SETPRIV = "/usr/bin/setpriv";

  private final boolean active;

  private RunAsNobody(boolean active) {
    this.active = active;
  }

  /** Active only when this JVM runs as root. */
  static RunAsNobody forCurrentUser() {
    return new RunAsNobody(isRoot());
  }

  static boolean isRoot() {
    try {
      // /proc/self belongs to the effective user of the process reading it.
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** {@code command} as given, or wrapped so it runs as nobody. */
  List<String> wrap(List<String> command) {
    if (!active) {
      return command;
    }
    if (!Files.isExecutable(Path.of(SETPRIV))) {
      throw new IllegalStateException("Running as root and " + SETPRIV + " is missing: PostgreSQL refuses to "
          + "run as root and needs setpriv (util-linux) to drop to nobody");
    }
    List<String> wrapped = new ArrayList<>(List.of(SETPRIV,
        "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives {@code dir} (recursively) to nobody and makes its ancestors passable. */
  void own(Path dir) {
    if (!active) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) tree::iterator) {
        if (((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != NOBODY) {
          Files.setAttribute(path, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(path, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot give " + dir + " to nobody", e);
    }
    makeAncestorsPassable(dir);
  }

  /** Adds o+x to every ancestor of {@code path} that lacks it (a 0700 temp dir, /root, ...). */
  void makeAncestorsPassable(Path path) {
    if (!active) {
      return;
    }
    for (Path dir = path.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
          LOG.warn("Adding o+x to {} so that postgres, running as nobody, can reach its files", dir);
          Files.setPosixFilePermissions(dir, permissions);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot make " + dir + " passable for nobody", e);
      }
    }
  }
}
