package io.eventgateway.ingest;

/** The outcome of ingesting one valid event. */
public enum IngestStatus {
  /** Committed to the outbox by this request; it will reach Kafka. */
  ACCEPTED,
  /** Already committed earlier (inside the dedup window, or still in the outbox); not written again. */
  DUPLICATE,
  /** The same event is being committed by a concurrent request; retry to learn the outcome. */
  IN_PROGRESS;

  public String wireName() {
    return name().toLowerCase().replace('_', '-');
  }
}
