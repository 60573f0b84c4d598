package io.eventgateway.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
  private final MessageAssembler assembler = new MessageAssembler(10);

  private CloseCode violation(WebSocketFrame frame) {
    return assertThrows(SocketViolation.class, () -> assembler.accept(frame)).code();
  }

  @Test
  void fragmentsAreJoinedIntoOneMessage() {
    assertNull(assembler.accept(WebSocketFrame.textFrame("[1,", false)));
    assertNull(assembler.accept(WebSocketFrame.pingFrame(Buffer.buffer("p"))), "control frames pass");
    assertNull(assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("2,"), false)));
    assertEquals("[1,2,3]", assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("3]"), true)).toString());
    assertEquals("{}", assembler.accept(WebSocketFrame.textFrame("{}", true)).toString());
  }

  @Test
  void theLimitCountsTheWholeMessage() {
    assertEquals("0123456789", assembler.accept(WebSocketFrame.textFrame("0123456789", true)).toString());
    assertEquals(CloseCode.MESSAGE_TOO_BIG, violation(WebSocketFrame.textFrame("01234567890", true)));
    assertNull(assembler.accept(WebSocketFrame.textFrame("012345", false)));
    assertEquals(CloseCode.MESSAGE_TOO_BIG, violation(WebSocketFrame.continuationFrame(Buffer.buffer("67890"), true)));
  }

  @Test
  void binaryAndIllFormedTextAreRefused() {
    assertEquals(CloseCode.UNSUPPORTED_DATA, violation(WebSocketFrame.binaryFrame(Buffer.buffer("{}"), true)));
    // An overlong '/' (C0 AF): decoding to a String would pass it on as a replacement character.
    assertEquals(CloseCode.INVALID_PAYLOAD, violation(new RawText(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})));
    assertEquals(CloseCode.PROTOCOL_ERROR, violation(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true)));
  }

  /** A final text frame of raw bytes: the public factory only takes a String. */
  private record RawText(byte[] bytes) implements WebSocketFrame {
    @Override
    public WebSocketFrameType type() {
      return WebSocketFrameType.TEXT;
    }

    @Override
    public boolean isText() {
      return true;
    }

    @Override
    public boolean isBinary() {
      return false;
    }

    @Override
    public boolean isContinuation() {
      return false;
    }

    @Override
    public boolean isClose() {
      return false;
    }

    @Override
    public boolean isPing() {
      return false;
    }

    @Override
    public String textData() {
      return binaryData().toString();
    }

    @Override
    public Buffer binaryData() {
      return Buffer.buffer(bytes);
    }

    @Override
    public boolean isFinal() {
      return true;
    }

    @Override
    public short closeStatusCode() {
      return 0;
    }

    @Override
    public String closeReason() {
      return null;
    }
  }
}
