package io.eventgateway.loadtest;

import io.eventgateway.loadtest.RunRecorder.Ack;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * When each acknowledged event was sent and acknowledged, by its numeric id ({@link EventFactory} numbers
 * a run's events from 0), in chunks of primitive arrays. A map entry per event made the generator's
 * young collections copy a live set that grows all run long: 28 pauses of up to 158 ms in a sweep that
 * kept 450,000 acknowledgements, and latency from the intended start counts every one of them.
 * Generator thread only.
 */
final class AckLog {
  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;

  private long[][] sent = new long[16][];
  private long[][] acked = new long[16][];
  private int size;

  /** The first acknowledgement of an id counts; later ones (a duplicate answered "duplicate") do not. */
  void put(long id, long sentMillis, long ackMillis) {
    int chunk = (int) (id >>> CHUNK_BITS);
    int slot = (int) (id & (CHUNK - 1));
    if (chunk >= sent.length) {
      int length = Math.max(chunk + 1, sent.length * 2);
      sent = Arrays.copyOf(sent, length);
      acked = Arrays.copyOf(acked, length);
    }
    if (sent[chunk] == null) {
      sent[chunk] = new long[CHUNK];
      acked[chunk] = new long[CHUNK];
    }
    if (acked[chunk][slot] == 0) {
      sent[chunk][slot] = sentMillis;
      acked[chunk][slot] = Math.max(1, ackMillis);
      size++;
    }
  }

  /** For verification, after the run: id to its times. */
  Map<String, Ack> toMap() {
    Map<String, Ack> map = new HashMap<>(size * 4 / 3 + 1);
    for (int chunk = 0; chunk < sent.length; chunk++) {
      if (sent[chunk] == null) {
        continue;
      }
      for (int slot = 0; slot < CHUNK; slot++) {
        if (acked[chunk][slot] != 0) {
          map.put(Long.toString(((long) chunk << CHUNK_BITS) | slot), new Ack(sent[chunk][slot], acked[chunk][slot]));
        }
      }
    }
    return map;
  }
}
