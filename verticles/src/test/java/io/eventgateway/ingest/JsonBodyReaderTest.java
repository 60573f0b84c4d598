package io.eventgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyReaderTest {
  private final JsonBodyReader reader = new JsonBodyReader(4, 20, 16);

  private GatewayException refused(String body) {
    return refused(body.getBytes(StandardCharsets.UTF_8));
  }

  private GatewayException refused(byte[] body) {
    return assertThrows(GatewayException.class, () -> reader.read(Buffer.buffer(body)));
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] inString(byte[] raw) {
    Buffer body = Buffer.buffer("{\"a\":\"").appendBytes(raw).appendString("\"}");
    return body.getBytes();
  }

  @Test
  void yieldsTheSameValuesAsVertx() {
    String json = "{\"id\":\"1\",\"n\":[1,2.5,-3e2,12345678901,true,null],\"o\":{\"k\":\"caf\u00e9\"}}";
    Object value = reader.read(Buffer.buffer(json));
    assertInstanceOf(JsonObject.class, value);
    assertEquals(new JsonObject(json), value);
    assertInstanceOf(JsonArray.class, reader.read(Buffer.buffer("[{}]")));
    assertEquals("text", reader.read(Buffer.buffer("\"text\"")));
    assertEquals(12, reader.read(Buffer.buffer(" 12 \n")));
  }

  @Test
  void emptyAndBlankBodiesAreMalformed() {
    GatewayException empty = assertThrows(GatewayException.class, () -> reader.read(Buffer.buffer()));
    assertEquals("The body is empty", empty.detail());
    assertEquals(ErrorCode.MALFORMED_JSON, refused("  \n").code());
  }

  @Test
  void syntaxErrorsNameTheProblemAndWhere() {
    GatewayException e = refused("{\"a\":1,}");
    assertEquals(ErrorCode.MALFORMED_JSON, e.code());
    assertTrue(e.detail().startsWith("The body is not valid JSON: Unexpected character ('}'"), e.detail());
    assertTrue(e.detail().endsWith("(line 1, column 8)"), e.detail());
    assertEquals(ErrorCode.MALFORMED_JSON, refused("{'a':1}").code());
    assertEquals(ErrorCode.MALFORMED_JSON, refused("{\"a\":NaN}").code());
    assertEquals(ErrorCode.MALFORMED_JSON, refused("{\"a\":01}").code());
    assertEquals(ErrorCode.MALFORMED_JSON, refused("{} /* comments are not JSON */").code());
  }

  @Test
  void trailingContentIsRefused() {
    assertEquals("The body holds more than one JSON value: content follows the first", refused("{}{}").detail());
    assertEquals("The body holds more than one JSON value: content follows the first", refused("[1] [2]").detail());
    GatewayException garbage = refused("{\"a\":1} xyz");
    assertEquals(ErrorCode.MALFORMED_JSON, garbage.code());
    assertTrue(garbage.detail().contains("Unrecognized token 'xyz'"), garbage.detail());
  }

  @Test
  void illFormedUtf8IsRefusedWithItsOffset() {
    assertEquals("The body is not valid UTF-8: ill-formed byte sequence at byte offset 6",
      refused(inString(bytes(0xFF))).detail());
    assertEquals(ErrorCode.MALFORMED_JSON, refused(inString(bytes(0xC3))).code(), "truncated sequence");
    assertEquals(ErrorCode.MALFORMED_JSON, refused(inString(bytes(0xC0, 0xAF))).code(), "overlong '/'");
    assertEquals(ErrorCode.MALFORMED_JSON, refused(inString(bytes(0xED, 0xA0, 0x80))).code(), "encoded surrogate");
    assertEquals(ErrorCode.MALFORMED_JSON, refused(inString(bytes(0xF4, 0x90, 0x80, 0x80))).code(), "> U+10FFFF");
    assertEquals(new JsonObject().put("a", "\u00e9\u20ac\ud83d\ude00"),
      reader.read(Buffer.buffer(inString(bytes(0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80)))));
  }

  @Test
  void limitsAreEnforcedAndNamed() {
    assertEquals(new JsonArray("[[[[1]]]]"), reader.read(Buffer.buffer("[[[[1]]]]")));
    GatewayException deep = refused("[[[[[1]]]]]");
    assertEquals(ErrorCode.JSON_LIMIT_EXCEEDED, deep.code());
    assertEquals("The JSON nests objects and arrays deeper than 4 levels", deep.detail());

    assertEquals("A JSON number is longer than 20 characters", refused("{\"n\":" + "9".repeat(21) + "}").detail());
    assertEquals("A JSON number is longer than 20 characters", refused("{\"n\":0." + "1".repeat(20) + "}").detail());
    assertEquals("A JSON number is beyond the range of a 64-bit floating-point number",
      refused("{\"n\":1e400}").detail());
    assertEquals("A JSON number is beyond the range of a 64-bit floating-point number",
      refused("[-1e400]").detail());

    assertEquals("a".repeat(16), ((JsonObject) reader.read(Buffer.buffer("{\"s\":\"" + "a".repeat(16) + "\"}")))
      .getString("s"));
    assertEquals("A JSON string is longer than 16 characters", refused("{\"s\":\"" + "a".repeat(17) + "\"}").detail());
    assertEquals("A JSON field name is longer than 16 characters", refused("{\"" + "k".repeat(17) + "\":1}").detail());
  }
}
