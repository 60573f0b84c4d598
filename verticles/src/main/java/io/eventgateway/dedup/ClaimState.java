package io.eventgateway.dedup;

/** What a Redis claim on an event's dedup key found. */
public enum ClaimState {
  /** This request owns the key now: commit the row, then promote the key. */
  CLAIMED,
  /** Another request holds the key and has not committed yet: answer 409, retry later. */
  PENDING,
  /** The event was committed inside the dedup window: a duplicate. */
  DONE,
  /** Redis did not answer in time: go on, and let PostgreSQL's unique constraint decide. */
  UNCHECKED
}
