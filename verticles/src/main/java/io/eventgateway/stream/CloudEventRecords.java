package io.eventgateway.stream;

import io.eventgateway.outbox.CommittedRow;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;

/**
 * Maps an outbox row to its Kafka record, per the CloudEvents Kafka protocol binding: the value is the
 * event in structured JSON with {@code content-type: application/cloudevents+json}, so the CloudEvents
 * SDK reads it in structured mode; every attribute is also a {@code ce_<name>} header, so consumers can
 * route and filter on headers without parsing the value.
 */
public final class CloudEventRecords {
  public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
  public static final String HEADER_PREFIX = "ce_";

  private CloudEventRecords() {
  }

  public static KafkaProducerRecord<String, String> toRecord(CommittedRow row) {
    JsonObject event = row.event() != null ? row.event() : new JsonObject(row.payload());
    KafkaProducerRecord<String, String> record =
      KafkaProducerRecord.create(row.topic(), row.partitionKey(), row.payload());
    record.addHeader("content-type", CONTENT_TYPE);
    for (Map.Entry<String, Object> attribute : event) {
      String name = attribute.getKey();
      if (name.equals("data") || name.equals("data_base64") || attribute.getValue() == null) {
        continue;
      }
      record.addHeader(HEADER_PREFIX + name, String.valueOf(attribute.getValue()));
    }
    return record;
  }
}
