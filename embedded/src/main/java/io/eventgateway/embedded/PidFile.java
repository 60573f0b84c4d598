package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A file holding the pid of one child process, so that a later run can find and end children left
 * behind when this JVM was killed without running its shutdown hook.
 */
final class PidFile {

  static final String SUFFIX = ".pid";

  private PidFile() {}

  /** The pid written in {@code content}, or empty if it is not a positive decimal number. */
  static OptionalLong parse(String content) {
    String text = content.strip();
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    long pid = Long.parseLong(text);
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }

  static OptionalLong read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, long pid) {
    try {
      Files.writeString(file, pid + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
