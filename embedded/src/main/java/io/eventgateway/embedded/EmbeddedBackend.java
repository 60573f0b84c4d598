package io.eventgateway.embedded;

/**
 * One real backend server running as a child OS process of this JVM.
 *
 * <p>All methods block; call them from test or dev code, never from an event loop. {@link #start()}
 * after {@link #stop()} or {@link #kill()} restarts the server on the same port with the same data
 * directory, so clients reconnect to it and (for persistent backends) data survives.
 */
public interface EmbeddedBackend {

  /** Starts the server and waits until it serves requests. Does nothing if it is already running. */
  void start();

  /** Stops the server gracefully, waiting a bounded time before killing it. */
  void stop();

  /** Kills the server and all its child processes with SIGKILL, like a crash, and waits until they are gone. */
  void kill();

  /** Whether the server process is alive (it may still be starting). */
  boolean isRunning();

  /** Short name, e.g. {@code kafka}; also names its log and pid files in the state directory. */
  String name();
}
