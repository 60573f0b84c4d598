package io.eventgateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {
  private static List<String> headers(ProducerRecord<String, String> record) {
    List<String> out = new ArrayList<>();
    for (Header h : record.headers()) {
      out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The relay's streaming read of a stored payload gives the headers the parsed event gives. */
  @ParameterizedTest
  @ValueSource(strings = {
    "{\"specversion\":\"1.0\",\"id\":\"a-1\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"x\":[1,{\"y\":2}]}}",
    "{\"id\":\"a\",\"data\":\"text\",\"partitionkey\":\"k\",\"traceparent\":\"00-ab-cd-01\"}",
    "{\"id\":\"a\",\"data_base64\":\"AAEC\",\"count\":42,\"big\":12345678901234,\"huge\":123456789012345678901234}",
    "{\"id\":\"a\",\"ratio\":1.5,\"exp\":1e2,\"neg\":-0.0,\"flag\":true,\"off\":false,\"gone\":null}",
    "{\"id\":\"caf\\u00e9 \\\"q\\\"\",\"data\":null,\"source\":\"urn:\\u2603\"}",
    "{\"id\":\"a\",\"nested\":{\"not\":\"an attribute\"},\"data\":1}"
  })
  void streamingHeadersMatchTheParsedEvent(String payload) {
    ProducerRecord<String, String> streamed = CloudEventRecords.toRecord("t", "k", payload, null);
    ProducerRecord<String, String> parsed = CloudEventRecords.toRecord("t", "k", payload, new JsonObject(payload));
    assertEquals(headers(parsed), headers(streamed));
    assertEquals(payload, streamed.value());
  }

  @Test
  void aPayloadThatIsNoJsonObjectIsRefused() {
    assertThrows(DecodeException.class, () -> CloudEventRecords.toRecord("t", "k", "[1]", null));
    assertThrows(DecodeException.class, () -> CloudEventRecords.toRecord("t", "k", "{\"id\":", null));
  }
}
