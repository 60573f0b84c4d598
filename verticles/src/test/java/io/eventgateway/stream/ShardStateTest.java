package io.eventgateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardStateTest {
  private static PendingRow row(long seq) {
    return new PendingRow(seq, 7, "events", "key", "{}", 0);
  }

  private static List<Long> drain(ShardState shard) {
    List<Long> sent = new ArrayList<>();
    while (!shard.queue.isEmpty()) {
      sent.add(shard.queue.poll().row.seq());
    }
    return sent;
  }

  @Test
  void aLateCommitGoesAheadOfRowsAboveItThatWereNotSentYet() {
    ShardState shard = new ShardState(7);
    shard.add(row(10), Set.of());
    shard.add(row(12), Set.of());
    shard.add(row(11), Set.of()); // committed late: read after 12
    assertEquals(List.of(10L, 11L, 12L), drain(shard));
    assertEquals(12, shard.cursor);
  }

  @Test
  void aRowHeldOrAwaitingItsMarkIsNotQueuedAgain() {
    ShardState shard = new ShardState(7);
    shard.add(row(1), Set.of());
    shard.add(row(1), Set.of()); // read twice
    shard.add(row(2), Set.of(2L)); // Kafka has it; its mark is on the way
    assertEquals(List.of(1L), drain(shard));
    assertTrue(shard.held.contains(1L));
  }

  @Test
  void failedRowsAreRetriedFirstAndInOrder() {
    ShardState shard = new ShardState(7);
    for (long seq = 1; seq <= 4; seq++) {
      shard.add(row(seq), Set.of());
    }
    ShardState.Attempt first = shard.queue.poll();
    ShardState.Attempt second = shard.queue.poll();
    shard.failed.put(second.row.seq(), second);
    shard.failed.put(first.row.seq(), first);
    shard.requeueFailed();
    assertEquals(List.of(1L, 2L, 3L, 4L), drain(shard));
    assertTrue(shard.probing);
  }
}
