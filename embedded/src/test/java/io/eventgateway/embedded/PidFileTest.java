package io.eventgateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

  @Test
  void parsesAPidWithSurroundingWhitespace() {
    assertEquals(OptionalLong.of(4242), PidFile.parse(" 4242\n"));
  }

  @Test
  void rejectsAnythingButAPositiveNumber() {
    for (String bad : new String[] {"", "\n", "0", "-5", "12a", "1 2", "99999999999999999999", "pid=3"}) {
      assertEquals(OptionalLong.empty(), PidFile.parse(bad), bad);
    }
  }

  @Test
  void roundTripsThroughAFile(@TempDir Path dir) {
    Path file = dir.resolve("x.pid");
    assertEquals(OptionalLong.empty(), PidFile.read(file));
    PidFile.write(file, 77);
    assertEquals(OptionalLong.of(77), PidFile.read(file));
    PidFile.delete(file);
    assertEquals(OptionalLong.empty(), PidFile.read(file));
  }
}
