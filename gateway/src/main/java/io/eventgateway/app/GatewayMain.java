package io.eventgateway.app;

import io.eventgateway.config.ConfigException;
import io.eventgateway.config.GatewayConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line of the production jar:
 * <pre>
 *   start        [--config FILE]    run against the Redis, PostgreSQL and Kafka in the configuration
 *   check-config [--config FILE]    validate the configuration and print it
 *   tail TOPIC   [--bootstrap-server HOST:PORT] [--max N] [--config FILE]
 * </pre>
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] argv) {
    Deque<String> args = new ArrayDeque<>(List.of(argv));
    String command = args.isEmpty() ? "help" : args.poll();
    Map<String, String> options = Options.parse(args);
    try {
      return switch (command) {
        case "start" -> start(ConfigFiles.load(options.get("config"), System.getenv()));
        case "check-config" -> {
          GatewayConfig config = ConfigFiles.load(options.get("config"), System.getenv());
          System.out.println("Configuration is valid: " + config.describe());
          yield 0;
        }
        case "tail" -> tail(options);
        default -> usage();
      };
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return usage();
    }
  }

  private static int start(GatewayConfig config) {
    Gateway gateway;
    try {
      gateway = Gateway.start(config).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("Event Gateway failed to start: {}", e.toString());
      return 1;
    }
    awaitShutdown(gateway);
    return 0;
  }

  /** Blocks the main thread (never an event loop) until SIGTERM/SIGINT, then stops gracefully. */
  public static void awaitShutdown(Gateway gateway) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping Event Gateway");
      try {
        gateway.stop().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Graceful stop did not finish: {}", e.toString());
      }
      stopped.countDown();
    }, "gateway-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int tail(Map<String, String> options) {
    String topic = options.get("_0");
    if (topic == null) {
      throw new IllegalArgumentException("tail needs a topic");
    }
    String bootstrap = options.get("bootstrap-server");
    if (bootstrap == null) {
      bootstrap = ConfigFiles.load(options.get("config"), System.getenv()).kafka().bootstrapServers();
    }
    long max = Long.parseLong(options.getOrDefault("max", Long.toString(Long.MAX_VALUE)));
    return new TailCommand(bootstrap, topic, max, System.out).run();
  }

  private static int usage() {
    System.err.println("""
      usage: gateway <command> [options]
        start        [--config FILE]   run the gateway against the backends in the configuration
        check-config [--config FILE]   validate the configuration and print it
        tail TOPIC   [--bootstrap-server HOST:PORT] [--max N] [--config FILE]
                                       print a topic's records (key, headers, value) from the beginning
      Every configuration key can be overridden by an environment variable: GATEWAY_ + the key in upper
      snake case, e.g. kafka.bootstrap.servers -> GATEWAY_KAFKA_BOOTSTRAP_SERVERS.""");
    return 64;
  }
}
