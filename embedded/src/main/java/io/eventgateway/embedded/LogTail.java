package io.eventgateway.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a child's log file, to put into the message of a failed start. */
final class LogTail {

  static final int LINES = 30;
  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  static String of(Path file) {
    return of(file, LINES);
  }

  static String of(Path file, int lines) {
    // Only the end of the file is read: a log appended over many restarts can be large.
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      return lastLines(new String(bytes, StandardCharsets.UTF_8), lines);
    } catch (IOException e) {
      return "(no log at " + file + ": " + e.getMessage() + ")";
    }
  }

  static String lastLines(String text, int lines) {
    List<String> all = Arrays.asList(text.split("\r?\n", -1));
    int end = all.size();
    if (end > 0 && all.get(end - 1).isEmpty()) {
      end--;
    }
    return String.join("\n", all.subList(Math.max(0, end - lines), end));
  }
}
