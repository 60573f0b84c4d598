package io.eventgateway.stream;

import io.eventgateway.outbox.CommittedRow;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Maps an outbox row to its Kafka record, per the CloudEvents Kafka protocol binding: the value is the
 * event in structured JSON with {@code content-type: application/cloudevents+json}, so the CloudEvents
 * SDK reads it in structured mode; every attribute is also a {@code ce_<name>} header, so consumers can
 * route and filter on headers without parsing the value.
 */
public final class CloudEventRecords {
  public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
  public static final String HEADER_PREFIX = "ce_";
  private static final byte[] CONTENT_TYPE_BYTES = CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private CloudEventRecords() {
  }

  public static ProducerRecord<String, String> toRecord(CommittedRow row) {
    return toRecord(row.topic(), row.partitionKey(), row.payload(), row.event());
  }

  /** {@code event} may be null: it is then parsed from {@code payload} for the headers. */
  public static ProducerRecord<String, String> toRecord(String topic, String partitionKey, String payload,
                                                        JsonObject parsed) {
    JsonObject event = parsed != null ? parsed : new JsonObject(payload);
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", CONTENT_TYPE_BYTES);
    for (Map.Entry<String, Object> attribute : event) {
      String name = attribute.getKey();
      if (name.equals("data") || name.equals("data_base64") || attribute.getValue() == null) {
        continue;
      }
      headers.add(HEADER_PREFIX + name, String.valueOf(attribute.getValue()).getBytes(StandardCharsets.UTF_8));
    }
    return new ProducerRecord<>(topic, null, partitionKey, payload, headers);
  }
}
