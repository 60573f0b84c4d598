package io.eventgateway.stream;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the relay knows of one shard it holds the lease of. Rows are sent in outbox order; when one fails
 * with a retriable error the shard holds every later row until that one went through (after a backoff),
 * so a key's records never overtake each other. Other shards keep flowing. Relay context only.
 */
final class ShardState {
  /** A row on its way, with its failures so far. */
  static final class Attempt {
    final PendingRow row;
    int failures;
    OffsetDateTime firstFailure;
    OffsetDateTime lastFailure;
    String lastError;

    Attempt(PendingRow row) {
      this.row = row;
    }

    void failed(String error) {
      failures++;
      lastFailure = OffsetDateTime.now();
      if (firstFailure == null) {
        firstFailure = lastFailure;
      }
      lastError = error;
    }
  }

  final int shard;
  /** The highest seq read from the outbox for this shard; rows above it are read by the next fetch. */
  long cursor = -1;
  /**
   * Waiting to be sent, lowest seq first: a late commit read after rows above it still goes ahead of
   * those not sent yet (its client may have sent their events only after it was acknowledged).
   */
  final PriorityQueue<Attempt> queue = new PriorityQueue<>(Comparator.comparingLong(a -> a.row.seq()));
  /** Retriable failures waiting for the backoff, oldest first: nothing later is sent meanwhile. */
  final TreeMap<Long, Attempt> failed = new TreeMap<>();
  /** Queued, in flight, failed or awaiting their mark: never read from the outbox a second time. */
  final Set<Long> held = new HashSet<>();
  int inFlight;
  int consecutiveFailures;
  long retryTimer = -1;
  /** Being given back to rebalance: no new sends. */
  boolean stopping;
  /**
   * After a retriable failure the oldest failed row is retried alone until it goes through: a record Kafka
   * keeps timing out in a batch with others (one too large for its topic can do that) is then refused on
   * its own, and dead-lettered, instead of holding the shard forever.
   */
  boolean probing;
  /** Taken over from an instance that let its lease expire: its first rows may have been sent already. */
  int unknownOutcomeBudget;
  /** The last read returned a full page: more rows are waiting in the outbox. */
  boolean moreInOutbox = true;
  /**
   * Rows may have turned up in the outbox since this shard's last read (a local commit in it, a
   * notification, a poll): the next read includes it. Reads skip the other shards, so a busy gateway
   * does not probe every shard's index at every commit.
   */
  boolean due = true;

  ShardState(int shard) {
    this.shard = shard;
  }

  /** Rows may be waiting in the outbox for this shard: the next read should include it. */
  boolean wantsRead() {
    return due || moreInOutbox;
  }

  boolean holding() {
    return !failed.isEmpty();
  }

  /**
   * Appends a row read from the outbox (in seq order), unless it is already held, or already acknowledged
   * by Kafka with its mark still on the way ({@code unmarked}: such a row must not be sent again).
   */
  void add(PendingRow row, Set<Long> unmarked) {
    if (!unmarked.contains(row.seq()) && held.add(row.seq())) {
      queue.add(new Attempt(row));
    }
    cursor = Math.max(cursor, row.seq());
  }

  /** Puts the failed rows back at the head of the queue, in order, for their retry. */
  void requeueFailed() {
    queue.addAll(failed.values());
    failed.clear();
    probing = true;
  }

  /** How many more sends this shard may have in flight now. */
  int room(int maxInFlight) {
    return (probing ? 1 : maxInFlight) - inFlight;
  }

  boolean idle() {
    return inFlight == 0 && held.size() == queue.size() + failed.size();
  }
}
