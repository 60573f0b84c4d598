package io.eventgateway.it;

/**
 * Makes every INSERT statement into the outbox take {@code millis} longer (a statement trigger that
 * sleeps), so a test can pin the gateway's commit rate at a known, slow value instead of the disk's
 * fsync rate, which drifts fourfold over a minute on a shared disk. Dropped on close; a run cut off
 * before that is cleaned up by {@link SharedStack} at the next start.
 */
final class SlowInserts implements AutoCloseable {
  static final String DROP = "DROP TRIGGER IF EXISTS it_slow_insert ON outbox";

  private final OutboxSql sql = new OutboxSql();

  SlowInserts(int millis) {
    sql.query("CREATE OR REPLACE FUNCTION it_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$"
      + " BEGIN PERFORM pg_sleep(" + millis / 1000.0 + "); RETURN NULL; END $$");
    sql.query(DROP);
    sql.query("CREATE TRIGGER it_slow_insert BEFORE INSERT ON outbox FOR EACH STATEMENT"
      + " EXECUTE FUNCTION it_slow_insert()");
  }

  @Override
  public void close() {
    try {
      sql.query(DROP);
    } finally {
      sql.close();
    }
  }
}
