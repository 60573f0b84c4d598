package io.eventgateway.stream;

import io.eventgateway.outbox.CommittedRow;
import java.util.List;

/**
 * Where committed rows go next. Callable from any thread; the relay hops to its own context. Handing off
 * never blocks and never fails the caller: a row the relay cannot take now stays in the outbox for the
 * poller.
 */
public interface RelayHandoff {
  void submit(List<CommittedRow> rows);
}
