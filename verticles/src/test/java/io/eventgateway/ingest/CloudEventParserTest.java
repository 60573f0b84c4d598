package io.eventgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CloudEventParserTest {
  private final CloudEventParser parser = new CloudEventParser(new JsonBodyReader(32, 100, 1024));

  private static JsonObject valid() {
    return new JsonObject().put("specversion", "1.0").put("id", "1").put("source", "/s").put("type", "t");
  }

  private static ErrorCode rejection(JsonObject event) {
    return assertThrows(GatewayException.class, () -> CloudEventParser.structured(event)).code();
  }

  @Test
  void keyIsPartitionKeyThenSubject() {
    assertEquals("pk", CloudEventParser.structured(valid().put("partitionkey", "pk").put("subject", "s")).kafkaKey());
    assertEquals("s", CloudEventParser.structured(valid().put("subject", "s")).kafkaKey());
    assertEquals(null, CloudEventParser.structured(valid()).kafkaKey());
  }

  @Test
  void requiredAttributesAndSpecVersionAreChecked() {
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().putNull("id")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("source", "")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("specversion", "0.3")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("type", 5)));
  }

  @Test
  void extensionsAreKeptAndValidated() {
    CloudEvent event = CloudEventParser.structured(valid().put("traceparent", "00-abc").put("causationid", "c"));
    assertEquals("00-abc", event.json().getString("traceparent"));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("Bad-Name", "x")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("nested", new JsonObject())));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("data", 1).put("data_base64", "AA==")));
  }

  @Test
  void malformedAndEmptyBodiesAre400() {
    assertEquals(ErrorCode.MALFORMED_JSON,
      assertThrows(GatewayException.class, () -> parser.parseObject(Buffer.buffer("{\"a\":"))).code());
    assertEquals(ErrorCode.MALFORMED_JSON,
      assertThrows(GatewayException.class, () -> parser.parseObject(Buffer.buffer())).code());
  }

  @Test
  void bodyShapesAreChecked() {
    assertEquals(ErrorCode.INVALID_EVENT,
      assertThrows(GatewayException.class, () -> parser.parseObject(Buffer.buffer("[]"))).code());
    assertEquals(ErrorCode.INVALID_EVENT,
      assertThrows(GatewayException.class, () -> parser.parseArray(Buffer.buffer("{}"))).code());
    assertEquals(2, parser.parseArray(Buffer.buffer("[{},{}]")).size());
  }

  @Test
  void attributesRejectControlCharactersAndUnpairedSurrogates() {
    GatewayException nul = assertThrows(GatewayException.class,
      () -> CloudEventParser.structured(valid().put("source", "/s\u0000x")));
    assertEquals(ErrorCode.INVALID_EVENT, nul.code());
    assertEquals("'source' contains a control character (U+0000 at index 2)", nul.detail());
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("id", "a\nb")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("partitionkey", "k\u0085")));
    assertEquals(ErrorCode.INVALID_EVENT, rejection(valid().put("traceparent", "x\ud800")));
    GatewayException lowAlone = assertThrows(GatewayException.class,
      () -> CloudEventParser.structured(valid().put("subject", "\udc00y")));
    assertTrue(lowAlone.detail().contains("unpaired surrogate (U+DC00 at index 0)"), lowAlone.detail());

    assertEquals("caf\u00e9 \ud83d\ude00", CloudEventParser.structured(valid().put("subject", "caf\u00e9 \ud83d\ude00"))
      .json().getString("subject"), "accents and paired surrogates (emoji) are fine");
    assertEquals("a\u0000b", CloudEventParser.structured(valid().put("data", "a\u0000b")).json().getString("data"),
      "data is payload, not an attribute: it is stored JSON-escaped");
  }

  @Test
  void binaryModeHeadersAreCheckedAfterPercentDecoding() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("ce-specversion", "1.0").add("ce-id", "b").add("ce-source", "/s%00").add("ce-type", "t");
    GatewayException e = assertThrows(GatewayException.class,
      () -> parser.binary(headers, "text/plain", Buffer.buffer("x")));
    assertTrue(e.detail().startsWith("'source' contains a control character"), e.detail());
  }

  @Test
  void binaryModeJsonDataIsReadWithinTheLimits() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("ce-specversion", "1.0").add("ce-id", "b").add("ce-source", "/s").add("ce-type", "t");
    assertEquals(ErrorCode.JSON_LIMIT_EXCEEDED, assertThrows(GatewayException.class,
      () -> parser.binary(headers, "application/json", Buffer.buffer("[".repeat(40) + "]".repeat(40)))).code());
    assertEquals(ErrorCode.MALFORMED_JSON, assertThrows(GatewayException.class,
      () -> parser.binary(headers, "application/json", Buffer.buffer("{} {}"))).code());
  }

  @Test
  void binaryModeMapsHeadersAndData() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("ce-specversion", "1.0").add("ce-id", "b").add("ce-source", "/s").add("ce-type", "t")
      .add("ce-partitionkey", "caf%C3%A9").add("Content-Type", "text/plain");
    CloudEvent text = parser.binary(headers, "text/plain", Buffer.buffer("hello"));
    assertEquals("hello", text.json().getString("data"));
    assertEquals("café", text.partitionKey(), "header values are percent-decoded");

    CloudEvent bytes = parser.binary(headers, "application/octet-stream", Buffer.buffer(new byte[] {1, 2}));
    assertEquals("AQI=", bytes.json().getString("data_base64"));
    assertTrue(bytes.json().getString("datacontenttype").startsWith("application/octet-stream"));
  }

  @Test
  void attributeNamesAreOneToTwentyLowerCaseLettersOrDigitsAsTheSpecSays() {
    Pattern spec = Pattern.compile("[a-z0-9]{1,20}");
    List<String> names = new ArrayList<>(List.of("", "a", "id", "partitionkey",
      "a1b2c3", "abcdefghijklmnopqrst", "abcdefghijklmnopqrstu", "Id", "data_base64", "trace-parent", "é", "a b",
      "x\u0000", "\uD83D\uDE00", "0"));
    for (char c = 0; c < 0x180; c++) {
      names.add("ab" + c);
    }
    for (String name : names) {
      assertEquals(spec.matcher(name).matches(), CloudEventParser.isAttributeName(name), "name '" + name + "'");
    }
    GatewayException e = assertThrows(GatewayException.class, () -> CloudEventParser.structured(new JsonObject()
      .put("specversion", "1.0").put("id", "1").put("source", "s").put("type", "t").put("Trace", "x")));
    assertTrue(e.getMessage().contains("attribute name 'Trace'"), e.getMessage());
  }
}
