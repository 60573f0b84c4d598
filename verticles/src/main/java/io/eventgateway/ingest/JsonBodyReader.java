package io.eventgateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.eventgateway.error.ErrorCode;
import io.eventgateway.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;

/**
 * Reads a request body as exactly one JSON value, in one pass, into the {@code JsonObject} /
 * {@code JsonArray} / scalar that Vert.x itself would build, and refuses what a hostile or broken client
 * may send: ill-formed UTF-8, content after the value, comments and other non-standard syntax, nesting
 * deeper than {@code maxDepth}, numbers longer than {@code maxNumberLength} characters or beyond the
 * range of a double, strings and field names longer than {@code maxStringLength} characters. Every
 * refusal is a 400 whose detail names the problem.
 *
 * <pre>{@code
 * JsonBodyReader json = new JsonBodyReader(32, 100, 262_144);
 * Object value = json.read(Buffer.buffer("{\"id\":\"1\"}"));   // a JsonObject
 * }</pre>
 */
public final class JsonBodyReader {
  private final JsonFactory factory;
  private final int maxDepth;
  private final int maxNumberLength;
  private final int maxStringLength;

  public JsonBodyReader(int maxDepth, int maxNumberLength, int maxStringLength) {
    this.maxDepth = maxDepth;
    this.maxNumberLength = maxNumberLength;
    this.maxStringLength = maxStringLength;
    // Field names are canonicalized (cheap for the few names events repeat) but not String.intern()ed:
    // a hostile body must not be able to grow the JVM's string table.
    this.factory = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth)
        .maxNumberLength(maxNumberLength)
        .maxStringLength(maxStringLength)
        .maxNameLength(maxStringLength)
        .build())
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();
  }

  /** The body's one JSON value; a {@link GatewayException} (400) naming the problem otherwise. */
  public Object read(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new GatewayException(ErrorCode.MALFORMED_JSON, "The body is empty");
    }
    byte[] bytes = body.getBytes();
    int malformed = Utf8.firstMalformed(bytes);
    if (malformed >= 0) {
      throw new GatewayException(ErrorCode.MALFORMED_JSON, "The body is not valid UTF-8: ill-formed byte sequence"
        + " at byte offset " + malformed);
    }
    try {
      // fromParser builds Vert.x's own types and rejects a second value after the first.
      return JacksonCodec.fromParser(new FiniteNumbers(factory.createParser(bytes)), Object.class);
    } catch (DecodeException e) {
      throw refusal(e);
    } catch (IOException e) {
      throw new GatewayException(ErrorCode.MALFORMED_JSON, "The body could not be read as JSON");
    }
  }

  private GatewayException refusal(DecodeException e) {
    Throwable cause = e.getCause();
    if (cause instanceof StreamConstraintsException limit) {
      return new GatewayException(ErrorCode.JSON_LIMIT_EXCEEDED, limitDetail(limit.getOriginalMessage()));
    }
    if (cause instanceof NumberOutOfRange) {
      return new GatewayException(ErrorCode.JSON_LIMIT_EXCEEDED,
        "A JSON number is beyond the range of a 64-bit floating-point number");
    }
    if (cause instanceof JsonProcessingException syntax) {
      return new GatewayException(ErrorCode.MALFORMED_JSON,
        "The body is not valid JSON: " + syntax.getOriginalMessage() + at(syntax.getLocation()));
    }
    String message = String.valueOf(e.getMessage());
    return new GatewayException(ErrorCode.MALFORMED_JSON, message.contains("trailing")
      ? "The body holds more than one JSON value: content follows the first"
      : "The body is not one JSON value");
  }

  /** Jackson names its limits in its own terms; the client is told ours. */
  private String limitDetail(String jacksonMessage) {
    String message = String.valueOf(jacksonMessage);
    if (message.startsWith("Document nesting depth")) {
      return "The JSON nests objects and arrays deeper than " + maxDepth + " levels";
    }
    if (message.startsWith("Number value length")) {
      return "A JSON number is longer than " + maxNumberLength + " characters";
    }
    if (message.startsWith("String value length")) {
      return "A JSON string is longer than " + maxStringLength + " characters";
    }
    if (message.startsWith("Name length")) {
      return "A JSON field name is longer than " + maxStringLength + " characters";
    }
    return "The JSON exceeds a parsing limit";
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
      : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /**
   * Refuses numbers that overflow a double: Jackson would yield Infinity, which Vert.x then writes as the
   * string "Infinity", silently changing the event.
   */
  private static final class FiniteNumbers extends JsonParserDelegate {
    FiniteNumbers(JsonParser parser) {
      super(parser);
    }

    @Override
    public Number getNumberValue() throws IOException {
      Number number = delegate.getNumberValue();
      if (number instanceof Double d && d.isInfinite()) {
        throw new NumberOutOfRange();
      }
      return number;
    }

    @Override
    public String nextFieldName() throws IOException {
      // The delegate's own nextFieldName is its fast path; the inherited one goes token by token.
      return delegate.nextFieldName();
    }
  }

  private static final class NumberOutOfRange extends JsonProcessingException {
    NumberOutOfRange() {
      super("number out of range");
    }
  }
}
