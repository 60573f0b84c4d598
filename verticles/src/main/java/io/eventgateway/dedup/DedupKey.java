package io.eventgateway.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Redis key of an event's identity, (source, id). Hashed so that keys have a fixed, small size
 * whatever clients send; 128 bits of SHA-256 make a collision far less likely than any hardware fault,
 * and PostgreSQL's unique constraint on the exact pair is the backstop anyway.
 */
public final class DedupKey {
  private static final String PREFIX = "eg:dedup:";
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  });

  private DedupKey() {
  }

  public static String of(String source, String id) {
    MessageDigest digest = SHA256.get();
    digest.update(source.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
    byte[] hash = digest.digest(id.getBytes(StandardCharsets.UTF_8));
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
  }
}
