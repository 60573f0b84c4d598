package io.eventgateway.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventgateway.outbox.CommittedRow;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
  private static final JsonFactory JSON = new JsonFactory();

  private CloudEventRecords() {
  }

  public static ProducerRecord<String, String> toRecord(CommittedRow row) {
    return toRecord(row.topic(), row.partitionKey(), row.payload(), row.event());
  }

  /**
   * {@code event} may be null: the headers are then read from {@code payload} with a streaming parser
   * that skips {@code data} without building it (the relay's rows come from the database, and building a
   * {@code JsonObject} of every event was 5 % of the gateway's CPU).
   */
  public static ProducerRecord<String, String> toRecord(String topic, String partitionKey, String payload,
                                                        JsonObject parsed) {
    RecordHeaders headers = parsed != null ? headersOf(parsed) : headersOf(payload);
    return new ProducerRecord<>(topic, null, partitionKey, payload, headers);
  }

  private static RecordHeaders headersOf(JsonObject event) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", CONTENT_TYPE_BYTES);
    for (Map.Entry<String, Object> attribute : event) {
      if (isAttribute(attribute.getKey()) && attribute.getValue() != null) {
        add(headers, attribute.getKey(), String.valueOf(attribute.getValue()));
      }
    }
    return headers;
  }

  /** The same headers as {@link #headersOf(JsonObject)} gives for the parsed payload. */
  static RecordHeaders headersOf(String payload) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", CONTENT_TYPE_BYTES);
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("An outbox payload is not a JSON object");
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!isAttribute(name) || value == JsonToken.VALUE_NULL) {
          parser.skipChildren();
        } else if (value.isScalarValue()) {
          // Numbers as JsonObject holds them (Integer, Long, BigInteger, Double), so the text is the same.
          add(headers, name, value.isNumeric() ? String.valueOf(parser.getNumberValue()) : parser.getText());
        } else {
          return headersOf(new JsonObject(payload)); // not written by the ingest path: take the general one
        }
      }
    } catch (IOException e) {
      throw new DecodeException("An outbox payload is not valid JSON: " + e.getMessage(), e);
    }
    return headers;
  }

  private static boolean isAttribute(String name) {
    return !name.equals("data") && !name.equals("data_base64");
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
  }
}
