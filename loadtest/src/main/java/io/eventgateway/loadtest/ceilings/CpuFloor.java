package io.eventgateway.loadtest.ceilings;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The least CPU an event can cost on this machine: what the ceilings' own CPU per operation adds up to
 * for the operations one event needs (its share of an HTTP request, the dedup claim and promotion in
 * Redis, its outbox row's whole cycle, its Kafka record). The gateway's own work (JSON, validation,
 * routing, metrics) comes on top, so the machine cannot carry more events per second than the floor says.
 * The floors "with the outbox write alone" take the bare INSERT's cost for the row instead of its whole
 * cycle: what any outbox design that writes a row per event pays at the least, however it then finds
 * and marks the rows.
 */
final class CpuFloor {
  /** So many of one component's operations. */
  record Part(String component, double operations) {
  }

  /** One kind of event and what it takes. */
  record Floor(String name, List<Part> parts) {
  }

  static final List<Floor> FLOORS = List.of(
    new Floor("single event", List.of(new Part("http", 1), new Part("redis", 2), new Part("outbox", 1),
      new Part("kafka", 1))),
    new Floor("event of a 100-event batch", List.of(new Part("http", 0.01), new Part("redis", 2),
      new Part("outbox", 1), new Part("kafka", 1))),
    new Floor("single event, outbox write alone", List.of(new Part("http", 1), new Part("redis", 2),
      new Part("postgres", 1), new Part("kafka", 1))),
    new Floor("event of a 100-event batch, outbox write alone", List.of(new Part("http", 0.01),
      new Part("redis", 2), new Part("postgres", 1), new Part("kafka", 1))));

  private CpuFloor() {
  }

  /** Microseconds of CPU per event; NaN when a ceiling it needs failed or has no CPU figure. */
  static double micros(Floor floor, List<Ceiling> ceilings) {
    Map<String, Ceiling> byComponent = ceilings.stream()
      .collect(Collectors.toMap(Ceiling::component, Function.identity(), (a, b) -> a));
    double sum = 0;
    for (Part part : floor.parts()) {
      Ceiling ceiling = byComponent.get(part.component());
      sum += ceiling == null ? Double.NaN : part.operations() * ceiling.cpuMicrosPerUnit();
    }
    return sum;
  }

  /** One line per floor, e.g. "single event: 150.2 µs of CPU, at most 13,316 events/s on 2 cores". */
  static String table(List<Ceiling> ceilings, int cores) {
    StringBuilder out = new StringBuilder("CPU floor per event, from these components' CPU alone"
      + " (the gateway's own work comes on top):\n");
    for (Floor floor : FLOORS) {
      double micros = micros(floor, ceilings);
      String parts = floor.parts().stream()
        .map(p -> String.format(Locale.ROOT, "%s x%s", p.component(), trim(p.operations())))
        .collect(Collectors.joining(" + "));
      out.append(Double.isNaN(micros)
        ? String.format(Locale.ROOT, "  %s: not known (a ceiling it needs has no CPU figure)%n", floor.name())
        : String.format(Locale.ROOT, "  %s: %.1f us of CPU (%s), at most %,.0f events/s on %d cores%n",
          floor.name(), micros, parts, cores * 1e6 / micros, cores));
    }
    return out.toString();
  }

  /** {@code {"<floor name>": {"cpuMicrosPerEvent", "eventsPerSecond"}}}; floors not known are left out. */
  static JsonObject json(List<Ceiling> ceilings, int cores) {
    JsonObject json = new JsonObject();
    for (Floor floor : FLOORS) {
      double micros = micros(floor, ceilings);
      if (!Double.isNaN(micros)) {
        json.put(floor.name(), new JsonObject().put("cpuMicrosPerEvent", Math.round(micros * 10) / 10.0)
          .put("eventsPerSecond", Math.round(cores * 1e6 / micros)));
      }
    }
    return json;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
