package io.eventgateway.it;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the shared stack's outbox, for tests that set up or check row states. */
final class OutboxSql implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = PgBuilder.pool()
    .connectingTo(PgConnectOptions.fromUri(SharedStack.stack().postgres().uri())).using(vertx).build();

  List<Row> query(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().forEach(rows::add);
    return rows;
  }

  int update(String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().rowCount();
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
