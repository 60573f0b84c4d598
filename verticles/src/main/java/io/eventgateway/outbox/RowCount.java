package io.eventgateway.outbox;

import io.vertx.core.json.JsonObject;

/**
 * A number of rows that is exact up to a cap and an estimate beyond it: counting stops at the cap (so a
 * count costs at most that many index entries), and past it the caller's estimate stands in, never
 * below the cap itself.
 */
record RowCount(long count, boolean exact) {

  /**
   * @param counted rows counted with {@code LIMIT cap + 1}
   * @param estimate what the caller can say cheaply of the whole (a sequence span, the planner's table
   *     size); negative when it knows nothing
   */
  static RowCount of(long counted, long cap, long estimate) {
    if (counted <= cap) {
      return new RowCount(counted, true);
    }
    return new RowCount(Math.max(counted, estimate), false);
  }

  JsonObject toJson() {
    return new JsonObject().put("count", count).put("exact", exact);
  }
}
