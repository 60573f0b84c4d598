package io.eventgateway.ingest;

import io.eventgateway.error.Problem;
import io.eventgateway.stream.PublishWatch.Publication;
import io.eventgateway.stream.PublishWatch.State;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Per-item outcomes of a batch, in request order. 200 when every item was accepted or a duplicate, 207
 * when some were rejected (or, with ack=published, dead-lettered). With ack=published an accepted item
 * that Kafka acknowledged in time reads {@code published}, with where it landed.
 */
final class BatchResult {
  private final JsonObject[] results;
  private int accepted;
  private int duplicate;
  private int rejected;
  private int published;
  private int dead;

  BatchResult(int size) {
    this.results = new JsonObject[size];
  }

  int size() {
    return results.length;
  }

  /** {@code publication}: null unless ack=published and the item was committed by this request. */
  void ingested(int index, CloudEvent event, IngestStatus status, Publication publication) {
    if (status == IngestStatus.ACCEPTED) {
      accepted++;
    } else {
      duplicate++;
    }
    JsonObject result = new JsonObject().put("index", index).put("id", event.id()).put("source", event.source());
    results[index] = publication == null ? result.put("status", status.wireName()) : published(result, publication);
  }

  private JsonObject published(JsonObject result, Publication publication) {
    if (publication.state() == State.PUBLISHED) {
      published++;
    } else if (publication.state() == State.DEAD) {
      dead++;
    }
    return PublishedAnswer.describe(result, publication);
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
    return rejected == 0 && dead == 0 ? 200 : 207;
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

  /** The batch summary with the counts of ack=published. */
  JsonObject toJson(boolean ackPublished) {
    JsonObject json = toJson();
    return ackPublished ? json.put("published", published).put("dead", dead) : json;
  }
}
