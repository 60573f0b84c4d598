package io.eventgateway.ingest.ws;

import io.eventgateway.error.GatewayException;
import io.eventgateway.ingest.CloudEvent;
import io.eventgateway.ingest.IngestStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One text message read from a socket, waiting for its acks: its items (a single event, or each
 * element of an array) with the outcome of each as it becomes known, or a refusal of the message as a
 * whole (not JSON, too many events). Owned by its socket's event loop.
 */
final class SocketMessage {
  /** One event of the message; {@code event} is null when the item is not a valid CloudEvent. */
  static final class Item {
    final int index;
    final Object json;
    final CloudEvent event;
    IngestStatus status;
    GatewayException problem;

    Item(int index, Object json, CloudEvent event, GatewayException problem) {
      this.index = index;
      this.json = json;
      this.event = event;
      this.problem = problem;
    }

    boolean settled() {
      return status != null || problem != null;
    }
  }

  final long number;
  final boolean array;
  final List<Item> items;
  final GatewayException refused;

  private SocketMessage(long number, boolean array, List<Item> items, GatewayException refused) {
    this.number = number;
    this.array = array;
    this.items = items;
    this.refused = refused;
  }

  static SocketMessage of(long number, boolean array, List<Item> items) {
    return new SocketMessage(number, array, items, null);
  }

  static SocketMessage refused(long number, GatewayException problem) {
    return new SocketMessage(number, false, List.of(), problem);
  }

  /** The valid events, in message order: what goes to the durable path. */
  List<CloudEvent> events() {
    List<CloudEvent> events = new ArrayList<>(items.size());
    for (Item item : items) {
      if (item.event != null) {
        events.add(item.event);
      }
    }
    return events;
  }

  int eventCount() {
    int n = 0;
    for (Item item : items) {
      if (item.event != null) {
        n++;
      }
    }
    return n;
  }

  /** Refuses every valid event of the message that has no outcome yet (shed, failed, past its deadline). */
  void refuseUnsettled(GatewayException problem) {
    for (Item item : items) {
      if (!item.settled()) {
        item.problem = problem;
      }
    }
  }
}
