package io.eventgateway.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code conf/sql/schema.sql} (packaged on the classpath) at start-up. Every statement is
 * idempotent; a transaction-scoped advisory lock keeps instances that start together from racing on
 * {@code CREATE ... IF NOT EXISTS} (which is not concurrency-safe in PostgreSQL).
 */
public final class SchemaMigrator {
  private static final String RESOURCE = "/io/eventgateway/outbox/schema.sql";
  private static final long LOCK_ID = 0x4576_6e74_4777L; // arbitrary, fixed: "EventGw"

  private SchemaMigrator() {
  }

  public static Future<Void> apply(Pool pool) {
    List<String> statements = statements(readSchema());
    return pool.withTransaction(conn -> {
      // "already exists, skipping" notices are the normal case here, not news for the log.
      Future<?> chain = conn.query("SET LOCAL client_min_messages = warning").execute()
        .compose(ignored -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")").execute());
      for (String sql : statements) {
        chain = chain.compose(ignored -> conn.query(sql).execute());
      }
      return chain.mapEmpty();
    });
  }

  /** Splits on {@code ;} outside dollar-quoted bodies ({@code $$ ... $$}, as in functions and DO blocks). */
  static List<String> statements(String script) {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      int comment = line.indexOf("--");
      withoutComments.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    String[] parts = withoutComments.toString().split("\\$\\$", -1);
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 1) {
        current.append("$$").append(parts[i]).append("$$"); // inside a dollar-quoted body: kept whole
        continue;
      }
      String[] pieces = parts[i].split(";", -1);
      for (int j = 0; j < pieces.length; j++) {
        current.append(pieces[j]);
        if (j < pieces.length - 1) {
          statements.add(current.toString().strip());
          current.setLength(0);
        }
      }
    }
    statements.add(current.toString().strip());
    return statements.stream().filter(s -> !s.isEmpty()).toList();
  }

  private static String readSchema() {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
