package io.eventgateway.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventgateway.error.ErrorCode;
import io.eventgateway.ingest.JsonBodyReader;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class MessageReaderTest {
  private final MessageReader reader = new MessageReader(new JsonBodyReader(32, 100, 1024), 3);

  private SocketMessage read(String text) {
    return reader.read(1, Buffer.buffer(text));
  }

  private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}";

  @Test
  void anObjectIsOneEventAndAnArrayItsItems() {
    SocketMessage single = read(EVENT);
    assertFalse(single.array);
    assertEquals(1, single.eventCount());
    SocketMessage array = read("[" + EVENT + ",{\"id\":\"x\"}," + EVENT + "]");
    assertTrue(array.array);
    assertEquals(3, array.items.size());
    assertEquals(2, array.eventCount(), "the invalid item is refused alone");
    assertEquals(ErrorCode.INVALID_EVENT, array.items.get(1).problem.code());
    assertEquals(2, array.events().size());
  }

  @Test
  void whatIsNotEventsIsRefusedWhole() {
    assertEquals(ErrorCode.MALFORMED_JSON, read("not json").refused.code());
    assertEquals(ErrorCode.MALFORMED_JSON, read(EVENT + " " + EVENT).refused.code());
    assertEquals(ErrorCode.INVALID_EVENT, read("\"text\"").refused.code());
    assertEquals(ErrorCode.INVALID_EVENT, read("[]").refused.code());
    assertEquals(ErrorCode.BATCH_TOO_LARGE, read("[" + EVENT + "," + EVENT + "," + EVENT + "," + EVENT + "]")
      .refused.code());
    assertEquals(ErrorCode.JSON_LIMIT_EXCEEDED, read("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")
      .refused.code());
    assertEquals(0, read("[]").eventCount());
    assertNull(read(EVENT).refused);
  }
}
