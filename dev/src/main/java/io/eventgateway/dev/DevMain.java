package io.eventgateway.dev;

import io.eventgateway.app.ConfigFiles;
import io.eventgateway.app.Gateway;
import io.eventgateway.config.ConfigException;
import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import io.eventgateway.embedded.EmbeddedStack;
import io.eventgateway.embedded.StackTuning;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/gateway dev}: starts real Kafka, PostgreSQL and Redis as child processes (state under
 * {@code .devstack/}, kept between runs), then the gateway against them with {@code conf/gateway.yaml},
 * and prints what to try next. Ctrl-C stops the gateway, then the backends.
 */
public final class DevMain {
  private DevMain() {
  }

  public static void main(String[] args) throws Exception {
    Path stateDir = Path.of(System.getProperty("eventgateway.dev.dir", ".devstack")).toAbsolutePath();
    System.out.println("Starting the embedded backends in " + stateDir + " ...");
    EmbeddedStack stack = EmbeddedStack.start(stateDir, StackTuning.STEADY_STATE);
    Gateway gateway;
    try {
      gateway = Gateway.start(config(stack)).await(2, TimeUnit.MINUTES);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      stack.close();
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("The gateway failed to start: " + e);
      stack.close();
      System.exit(1);
      return;
    }
    printBanner(gateway, stack);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.stop().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Gateway stop did not finish: " + e);
      }
      stack.close();
      stopped.countDown();
    }, "dev-shutdown"));
    stopped.await();
  }

  /** conf/gateway.yaml and the environment, with the backends pointed at the embedded stack. */
  static GatewayConfig config(EmbeddedStack stack) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(ConfigSource.envName("pg.uri"), stack.postgres().uri());
    env.put(ConfigSource.envName("redis.uri"), stack.redis().uri());
    env.put(ConfigSource.envName("kafka.bootstrap.servers"), stack.kafka().bootstrapServers());
    return ConfigFiles.load(null, env);
  }

  private static void printBanner(Gateway gateway, EmbeddedStack stack) {
    int port = gateway.httpPort();
    System.out.printf("""

      Event Gateway (dev) is up.
        ingest      http://localhost:%1$d/events   (batch: /events/batch)
        health      http://localhost:%2$d/health/ready
        postgresql  %3$s
        redis       %4$s
        kafka       %5$s

      Post an event:
        curl -i -X POST http://localhost:%1$d/events \\
          -H 'Content-Type: application/cloudevents+json' \\
          -d '{"specversion":"1.0","id":"order-1","source":"/shop","type":"com.example.order.created","partitionkey":"customer-42","data":{"total":12.5}}'

      Watch it arrive in Kafka (in another terminal):
        bin/gateway tail events --bootstrap-server %5$s

      Ctrl-C stops the gateway and the backends (data stays in .devstack/).
      """, port, gateway.managementPort(), stack.postgres().uri(), stack.redis().uri(),
      stack.kafka().bootstrapServers());
  }
}
