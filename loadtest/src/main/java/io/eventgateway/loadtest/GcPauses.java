package io.eventgateway.loadtest;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.vertx.core.json.JsonObject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The load generator's own garbage-collection pauses. Latency is charged from each request's intended
 * start, so a pause of the generator's JVM counts against the gateway like a stall of the gateway would:
 * the summary reports the pauses that fell in the measured window, so a reader can tell the two apart.
 * Notifications arrive on the JVM's notification thread, hence the concurrent queue.
 */
final class GcPauses implements AutoCloseable {
  private record Pause(long endNanos, long millis) {
  }

  private final ConcurrentLinkedQueue<Pause> pauses = new ConcurrentLinkedQueue<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::notified;

  GcPauses() {
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (bean instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void notified(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
      GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    // Concurrent cycles (ZGC, G1's concurrent phases where reported) do not stop the generator.
    if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
      pauses.add(new Pause(System.nanoTime(), info.getGcInfo().getDuration()));
    }
  }

  /** Pauses that ended between the two {@code System.nanoTime()} values: count, total and longest, in ms. */
  JsonObject between(long fromNanos, long toNanos) {
    long count = 0;
    long total = 0;
    long max = 0;
    for (Pause pause : pauses) {
      if (pause.endNanos() >= fromNanos && pause.endNanos() <= toNanos) {
        count++;
        total += pause.millis();
        max = Math.max(max, pause.millis());
      }
    }
    return new JsonObject().put("count", count).put("totalMs", total).put("maxMs", max);
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // never added to this one
      }
    }
  }
}
