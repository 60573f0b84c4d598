package io.eventgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  /** The JDK's decoder is strict (it refuses overlongs, surrogates, > U+10FFFF): the reference. */
  private static boolean jdkAccepts(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      decoder.decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void agreesWithTheJdkOnRandomBytes() {
    Random random = new Random(42);
    // Bytes drawn mostly from the interesting range (leads, continuations), a few ASCII.
    for (int run = 0; run < 200_000; run++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(10) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
      }
      assertEquals(jdkAccepts(bytes), Utf8.firstMalformed(bytes) < 0, () -> hex(bytes));
    }
  }

  @Test
  void agreesWithTheJdkOnEveryCodePointsEncoding() {
    for (int cp = 0; cp <= 0x10FFFF; cp += cp < 0x11000 ? 1 : 97) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      assertEquals(-1, Utf8.firstMalformed(bytes), () -> hex(bytes));
    }
  }

  @Test
  void reportsTheOffsetOfTheFirstBadSequence() {
    assertEquals(-1, Utf8.firstMalformed("plain ascii".getBytes(StandardCharsets.UTF_8)));
    assertEquals(3, Utf8.firstMalformed(new byte[] {'a', 'b', 'c', (byte) 0xC0, (byte) 0xAF}));
    assertEquals(1, Utf8.firstMalformed(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02X ", b & 0xFF));
    }
    return sb.toString();
  }
}
