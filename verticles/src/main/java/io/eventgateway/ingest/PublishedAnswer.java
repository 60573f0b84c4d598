package io.eventgateway.ingest;

import io.eventgateway.stream.PublishWatch.Publication;
import io.vertx.core.json.JsonObject;

/** How an event committed under ack=published reads in an answer: where it landed, why it died, or accepted. */
final class PublishedAnswer {
  private PublishedAnswer() {
  }

  static JsonObject describe(JsonObject answer, Publication publication) {
    return switch (publication.state()) {
      case PUBLISHED -> answer.put("status", "published").put("topic", publication.topic())
        .put("partition", publication.partition()).put("offset", publication.offset());
      case DEAD -> answer.put("status", "dead").put("topic", publication.topic()).put("reason", publication.reason());
      // Kafka did not acknowledge it in time: committed, and it will still be published.
      case PENDING -> answer.put("status", IngestStatus.ACCEPTED.wireName());
    };
  }
}
