package io.eventgateway.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
  @Test
  void splitsStatementsAndDropsComments() {
    List<String> statements = SchemaMigrator.statements("-- head\nCREATE TABLE a (x int); -- tail\n\nCREATE INDEX i ON a (x);\n");
    assertEquals(List.of("CREATE TABLE a (x int)", "CREATE INDEX i ON a (x)"), statements);
  }

  @Test
  void shippedSchemaIsIdempotent() throws java.io.IOException {
    byte[] schema;
    try (var in = SchemaMigrator.class.getResourceAsStream("schema.sql")) {
      schema = java.util.Objects.requireNonNull(in, "schema.sql on the classpath").readAllBytes();
    }
    List<String> statements = SchemaMigrator.statements(new String(schema, java.nio.charset.StandardCharsets.UTF_8));
    statements.forEach(s -> assertTrue(s.contains("IF NOT EXISTS") || s.contains("IF EXISTS")
      || s.contains("OR REPLACE"), "must be safe to run again: " + s));
  }

  @Test
  void keepsDollarQuotedBodiesWhole() {
    List<String> statements = SchemaMigrator.statements(
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN x; RETURN 1; END $$; SELECT 1;");
    assertEquals(List.of("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN x; RETURN 1; END $$",
      "SELECT 1"), statements);
  }
}
