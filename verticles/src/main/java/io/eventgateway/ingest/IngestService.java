package io.eventgateway.ingest;

import io.eventgateway.dedup.ClaimState;
import io.eventgateway.dedup.DedupKey;
import io.eventgateway.dedup.RedisDeduplicator;
import io.eventgateway.outbox.OutboxRow;
import io.eventgateway.outbox.OutboxWriter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable path of a request's valid events, shared by every transport: claim in Redis, commit to
 * the outbox (whose writer hands committed rows to the relay), then promote the claims. The returned
 * future succeeds only once the request's rows are committed; if the commit fails, the claims are
 * released so the client's retry is accepted, and the future fails with the storage error.
 */
public final class IngestService {
  private final RedisDeduplicator dedup;
  private final OutboxWriter writer;
  private final TopicRouter router;

  public IngestService(RedisDeduplicator dedup, OutboxWriter writer, TopicRouter router) {
    this.dedup = dedup;
    this.writer = writer;
    this.router = router;
  }

  /**
   * What a request's commit did, in request order: each event's status and, for the events this request
   * committed ({@link IngestStatus#ACCEPTED}), the outbox seq of their row (0 for the others).
   */
  public record Committed(List<IngestStatus> statuses, long[] seqs) {
  }

  /** Ingests events of one request; the statuses come back in the same order. */
  public Future<List<IngestStatus>> ingest(List<CloudEvent> events) {
    return commit(events).map(Committed::statuses);
  }

  /** Ingests events of one request, telling the outbox seq of each row it committed. */
  public Future<Committed> commit(List<CloudEvent> events) {
    IngestStatus[] statuses = new IngestStatus[events.size()];
    long[] rowSeqs = new long[events.size()];
    List<Integer> unique = firstOccurrences(events, statuses);
    List<String> keys = unique.stream().map(i -> DedupKey.of(events.get(i).source(), events.get(i).id())).toList();
    return dedup.claim(keys).compose(claims -> {
      List<Integer> toWrite = new ArrayList<>();
      List<String> claimed = new ArrayList<>();
      List<String> unchecked = new ArrayList<>();
      for (int u = 0; u < unique.size(); u++) {
        int index = unique.get(u);
        switch (claims.get(u)) {
          case DONE -> statuses[index] = IngestStatus.DUPLICATE;
          case PENDING -> statuses[index] = IngestStatus.IN_PROGRESS;
          case CLAIMED, UNCHECKED -> {
            toWrite.add(index);
            (claims.get(u) == ClaimState.CLAIMED ? claimed : unchecked).add(keys.get(u));
          }
        }
      }
      List<OutboxRow> rows = toWrite.stream().map(i -> toRow(events.get(i))).toList();
      return writer.append(rows)
        .onFailure(failure -> dedup.release(claimed))
        .map(seqs -> {
          for (int w = 0; w < seqs.size(); w++) {
            Long seq = seqs.get(w);
            statuses[toWrite.get(w)] = seq == null ? IngestStatus.DUPLICATE : IngestStatus.ACCEPTED;
            rowSeqs[toWrite.get(w)] = seq == null ? 0 : seq;
          }
          // Rows found already in the outbox are committed too: their keys are promoted as well.
          dedup.promote(claimed, unchecked);
          fillRepeats(events, statuses);
          return new Committed(Arrays.asList(statuses), rowSeqs);
        });
    });
  }

  private OutboxRow toRow(CloudEvent event) {
    return new OutboxRow(event.source(), event.id(), router.topicFor(event.type()), event.kafkaKey(),
      event.json().encode(), event.json());
  }

  /**
   * Indexes of the first occurrence of each (source, id) in the request. Later copies within the same
   * request are duplicates of the first and share its fate.
   */
  private static List<Integer> firstOccurrences(List<CloudEvent> events, IngestStatus[] statuses) {
    if (events.size() == 1) {
      return List.of(0);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<Integer> unique = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      CloudEvent e = events.get(i);
      if (seen.putIfAbsent(e.source() + '\u0000' + e.id(), i) == null) {
        unique.add(i);
      }
    }
    return unique;
  }

  /** Repeats inside one request: a repeat of an accepted event is a duplicate, else it shares the status. */
  private static void fillRepeats(List<CloudEvent> events, IngestStatus[] statuses) {
    if (events.size() == 1) {
      return;
    }
    Map<String, IngestStatus> first = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      String identity = events.get(i).source() + '\u0000' + events.get(i).id();
      IngestStatus status = statuses[i];
      if (status != null) {
        first.putIfAbsent(identity, status);
      } else {
        IngestStatus original = first.get(identity);
        statuses[i] = original == IngestStatus.ACCEPTED ? IngestStatus.DUPLICATE : original;
      }
    }
  }
}
