package io.eventgateway.ingest;

/**
 * Strict UTF-8 well-formedness, as in Unicode's table of well-formed byte sequences (3-7). Jackson
 * rejects bad lead and continuation bytes but decodes overlong forms (C0 AF as '/'), encoded surrogates
 * (ED A0 80) and sequences above U+10FFFF, which would reach PostgreSQL and Kafka altered.
 */
public final class Utf8 {
  private Utf8() {
  }

  /** The offset of the first byte of the first ill-formed sequence, or -1 if every byte is well-formed. */
  public static int firstMalformed(byte[] bytes) {
    int n = bytes.length;
    int i = 0;
    while (i < n) {
      int lead = bytes[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      int length = sequenceLength(bytes, i, lead & 0xFF);
      if (length == 0) {
        return i;
      }
      i += length;
    }
    return -1;
  }

  /** The length of the well-formed multi-byte sequence starting at {@code i}, or 0 if it is ill-formed. */
  private static int sequenceLength(byte[] bytes, int i, int lead) {
    int n = bytes.length;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return i + 1 < n && continuation(bytes[i + 1]) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (i + 2 >= n) {
        return 0;
      }
      int second = bytes[i + 1] & 0xFF;
      // E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogates).
      int min = lead == 0xE0 ? 0xA0 : 0x80;
      int max = lead == 0xED ? 0x9F : 0xBF;
      return second >= min && second <= max && continuation(bytes[i + 2]) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (i + 3 >= n) {
        return 0;
      }
      int second = bytes[i + 1] & 0xFF;
      // F0 needs 90..BF (no overlong), F4 needs 80..8F (nothing above U+10FFFF).
      int min = lead == 0xF0 ? 0x90 : 0x80;
      int max = lead == 0xF4 ? 0x8F : 0xBF;
      return second >= min && second <= max && continuation(bytes[i + 2]) && continuation(bytes[i + 3]) ? 4 : 0;
    }
    return 0;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
