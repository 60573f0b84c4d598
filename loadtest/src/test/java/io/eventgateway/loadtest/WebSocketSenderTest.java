package io.eventgateway.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventgateway.loadtest.EventFactory.RequestBody;
import io.eventgateway.loadtest.EventFactory.SentEvent;
import io.eventgateway.loadtest.RequestSender.Answer;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSenderTest {
  private static RequestBody request(int events) {
    SentEvent[] sent = new SentEvent[events];
    for (int i = 0; i < events; i++) {
      sent[i] = new SentEvent(Integer.toString(i), "k");
    }
    return new RequestBody(Buffer.buffer("[]"), sent, events > 1);
  }

  @Test
  void aSingleAckAcknowledgesItsEvent() {
    Answer accepted = WebSocketSender.answer(request(1), "{\"id\":\"0\",\"source\":\"/s\",\"status\":\"accepted\"}");
    assertEquals(new Answer(Outcome.ACCEPTED, List.of(0)), accepted);
    Answer duplicate = WebSocketSender.answer(request(1), "{\"id\":\"0\",\"source\":\"/s\",\"status\":\"duplicate\"}");
    assertEquals(new Answer(Outcome.DUPLICATE, List.of(0)), duplicate);
  }

  @Test
  void anArrayAckIsReadItemByItemAndTheWorstOutcomeWins() {
    Answer mixed = WebSocketSender.answer(request(3), "[{\"status\":\"accepted\"},"
      + "{\"status\":\"rejected\",\"reason\":\"invalid-event\",\"message\":1,\"index\":1},{\"status\":\"duplicate\"}]");
    assertEquals(new Answer(Outcome.REJECTED, List.of(0, 2)), mixed);
    Answer shed = WebSocketSender.answer(request(2), "[{\"status\":\"rejected\",\"reason\":\"storage-unavailable\"},"
      + "{\"status\":\"rejected\",\"reason\":\"deadline-exceeded\"}]");
    assertEquals(new Answer(Outcome.UNKNOWN, List.of()), shed);
  }

  @Test
  void aMessageRefusedWholeAcknowledgesNothing() {
    Answer tooMany = WebSocketSender.answer(request(1001),
      "{\"status\":\"rejected\",\"reason\":\"batch-too-large\",\"detail\":\"...\",\"message\":4}");
    assertEquals(new Answer(Outcome.REJECTED, List.of()), tooMany);
  }
}
