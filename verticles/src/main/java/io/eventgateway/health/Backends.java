package io.eventgateway.health;

/**
 * The gateway's view of its three backends, shared by ingestion (which fails fast or degrades on it),
 * the probes (which keep it current while no request arrives) and the health endpoints.
 */
public record Backends(BackendStatus postgres, BackendStatus redis, BackendStatus kafka) {
  public static Backends create() {
    return new Backends(new BackendStatus("PostgreSQL"), new BackendStatus("Redis"), new BackendStatus("Kafka"));
  }

  /** PostgreSQL-only dedup while Redis is down: every guarantee holds, each request costs a bit more. */
  public String dedupMode() {
    return redis.up() ? "redis" : "postgresql-only";
  }
}
