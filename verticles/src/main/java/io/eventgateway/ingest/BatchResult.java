package io.eventgateway.ingest;

import io.eventgateway.error.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Per-item outcomes of a batch, in request order. 200 when every item was accepted or a duplicate, 207
 * when some were rejected.
 */
final class BatchResult {
  private final JsonObject[] results;
  private int accepted;
  private int duplicate;
  private int rejected;

  BatchResult(int size) {
    this.results = new JsonObject[size];
  }

  int size() {
    return results.length;
  }

  void ingested(int index, CloudEvent event, IngestStatus status) {
    if (status == IngestStatus.ACCEPTED) {
      accepted++;
    } else {
      duplicate++;
    }
    results[index] = new JsonObject().put("index", index).put("id", event.id()).put("source", event.source())
      .put("status", status.wireName());
  }

  void rejected(int index, Object item, Problem problem) {
    rejected++;
    JsonObject result = new JsonObject().put("index", index);
    if (item instanceof JsonObject json) {
      // Echo the identity when the item had one, so clients can match results without counting.
      if (json.getValue("id") instanceof String id) {
        result.put("id", id);
      }
      if (json.getValue("source") instanceof String source) {
        result.put("source", source);
      }
    }
    results[index] = result.put("status", "rejected").put("problem", problem.toJson());
  }

  int httpStatus() {
    return rejected == 0 ? 200 : 207;
  }

  JsonObject toJson() {
    JsonArray items = new JsonArray();
    for (JsonObject result : results) {
      items.add(result);
    }
    return new JsonObject()
      .put("accepted", accepted)
      .put("duplicate", duplicate)
      .put("rejected", rejected)
      .put("results", items);
  }
}
