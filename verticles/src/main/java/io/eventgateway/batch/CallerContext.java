package io.eventgateway.batch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Promises and futures bound to the calling thread's Vert.x context. A context-less future (from
 * {@code Promise.promise()} or {@code Future.succeededFuture()}, and whatever is chained on it) sends
 * {@code timeout()} to Netty's global executor thread: a cross-thread schedule and cancel per call, and a
 * fired timeout delivered on that thread instead of the event loop that owns the request. Public Vert.x 5
 * API has no context-bound promise; {@link ContextInternal} is the interface Vert.x offers its extensions
 * for it. Off any context these fall back to context-less ones.
 */
public final class CallerContext {
  private CallerContext() {
  }

  public static <T> Promise<T> promise() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
  }

  /** The same outcome as {@code future}, on the caller's context (so a {@code timeout()} on it stays there). */
  public static <T> Future<T> of(Future<T> future) {
    Promise<T> promise = promise();
    future.onComplete(promise);
    return promise.future();
  }
}
