package io.eventgateway.loadtest.ceilings;

/**
 * The gateway's own statements on its outbox, read from the classes that run them: a copy kept here
 * drifts from what the gateway does (the first copy did, by an index), and a ceiling of other SQL says
 * nothing about the gateway.
 */
final class GatewaySql {
  /** A request's group commit: {@code OutboxWriter.INSERT}. */
  static final String INSERT = constant("io.eventgateway.outbox.OutboxWriter", "INSERT");
  /** The relay's read of pending rows, per shard after its cursor: {@code RelayQueries.NEXT}. */
  static final String RELAY_NEXT = constant("io.eventgateway.stream.RelayQueries", "NEXT");
  /** The relay's mark of rows Kafka acknowledged: {@code RelayQueries.MARK_PUBLISHED}. */
  static final String MARK_PUBLISHED = constant("io.eventgateway.stream.RelayQueries", "MARK_PUBLISHED");

  private GatewaySql() {
  }

  private static String constant(String className, String name) {
    try {
      var field = Class.forName(className).getDeclaredField(name);
      field.setAccessible(true);
      return (String) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The gateway's statement " + className + "." + name + " is not there", e);
    }
  }
}
