package io.eventgateway.health;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one backend currently answers, as seen by the requests that use it and by the periodic probe.
 * Shared by every event loop (volatile reads on the hot path, a CAS on transitions), so each change is
 * logged once per gateway, not once per loop or per request.
 */
public final class BackendStatus {
  private static final Logger LOG = LoggerFactory.getLogger(BackendStatus.class);

  private final String name;
  private final AtomicBoolean up = new AtomicBoolean(true);
  private volatile long changedAtMillis = System.currentTimeMillis();
  private volatile String lastError;

  public BackendStatus(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public boolean up() {
    return up.get();
  }

  /** Records a failure that means the backend is unreachable; returns true if this call took it down. */
  public boolean markDown(Throwable failure) {
    lastError = failure.toString();
    if (up.get() && up.compareAndSet(true, false)) {
      changedAtMillis = System.currentTimeMillis();
      LOG.warn("{} is unavailable: {}", name, lastError);
      return true;
    }
    return false;
  }

  /** Records a successful call or probe; returns true if this call brought the backend back. */
  public boolean markUp() {
    if (!up.get() && up.compareAndSet(false, true)) {
      long downFor = System.currentTimeMillis() - changedAtMillis;
      changedAtMillis = System.currentTimeMillis();
      LOG.info("{} is available again after {} ms", name, downFor);
      return true;
    }
    return false;
  }

  /** How long the backend has been in its current state. */
  public long sinceMillis() {
    return System.currentTimeMillis() - changedAtMillis;
  }

  /** The per-backend detail shown by {@code /health/ready}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("up", up()).put("since-ms", sinceMillis());
    if (!up() && lastError != null) {
      json.put("error", lastError);
    }
    return json;
  }
}
