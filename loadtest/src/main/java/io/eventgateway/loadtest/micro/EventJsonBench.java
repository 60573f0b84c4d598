package io.eventgateway.loadtest.micro;

import io.eventgateway.ingest.CloudEvent;
import io.eventgateway.ingest.CloudEventParser;
import io.eventgateway.ingest.JsonBodyReader;
import io.eventgateway.stream.CloudEventRecords;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON work the gateway does per event, one ~300-byte CloudEvent with a small structured payload:
 * ingest parses and validates the request body, encodes the event as the outbox payload, and the relay
 * turns the stored payload back into Kafka headers. {@code relayHeadersViaJsonObject} is how the relay
 * built headers before it read them with a streaming parser ({@code relayHeaders}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class EventJsonBench {
  static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"7f3c9a2e-5b1d-4e8f-9a6c-2d4b8e1f0a37\","
    + "\"source\":\"/shop/orders\",\"type\":\"com.example.order.created\",\"time\":\"2026-12-01T15:04:05.123Z\","
    + "\"datacontenttype\":\"application/json\",\"partitionkey\":\"customer-4711\","
    + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
    + "\"data\":{\"orderId\":\"o-99182\",\"customer\":\"customer-4711\",\"total\":129.95,\"currency\":\"EUR\","
    + "\"lines\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}]}}";

  private Buffer body;
  private CloudEventParser parser;
  private JsonObject parsed;

  @Setup
  public void setUp() {
    body = Buffer.buffer(EVENT);
    // The gateway's defaults (http.max-json-depth, max-number-length, max-string-length).
    parser = new CloudEventParser(new JsonBodyReader(32, 100, 262_144));
    parsed = new JsonObject(EVENT);
  }

  /** Ingest: the request body to a validated event. */
  @Benchmark
  public CloudEvent ingestParse() {
    return CloudEventParser.structured(parser.parseObject(body));
  }

  /** Ingest: the event encoded as the outbox row's payload. */
  @Benchmark
  public String ingestEncodePayload() {
    return parsed.encode();
  }

  /** Relay: the stored payload to a Kafka record, headers read by the streaming parser. */
  @Benchmark
  public ProducerRecord<String, String> relayHeaders() {
    return CloudEventRecords.toRecord("events", "customer-4711", EVENT, null);
  }

  /** Relay, as before: the stored payload parsed into a JsonObject, headers taken from it. */
  @Benchmark
  public ProducerRecord<String, String> relayHeadersViaJsonObject() {
    return CloudEventRecords.toRecord("events", "customer-4711", EVENT, new JsonObject(EVENT));
  }
}
