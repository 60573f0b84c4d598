package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) in its own JVM, with one
 * PLAINTEXT listener on 127.0.0.1. Topics are auto-created with 3 partitions on first use.
 */
public final class EmbeddedKafka extends ProcessBackend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final int controllerPort;
  private final Path kafkaDir;
  private final Path dataDir;
  private final StackTuning tuning;

  EmbeddedKafka(Path stateDir, int port, int controllerPort, StackTuning tuning) {
    super("kafka", stateDir, ChildProcess.StopSignal.TERM, STOP_GRACE);
    this.port = port;
    this.controllerPort = controllerPort;
    this.kafkaDir = stateDir.resolve("kafka");
    this.dataDir = kafkaDir.resolve("data");
    this.tuning = tuning;
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Creates a topic with replication factor 1 and waits until the controller has it. A topic that
   * already exists is left as it is, so tests sharing one stack may all call this.
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topic " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating topic " + name, e);
    }
  }

  @Override
  public synchronized void start() {
    if (process().isAlive()) {
      return;
    }
    long started = System.nanoTime();
    KafkaBrokerCommand command = prepare();
    Path serverProperties = kafkaDir.resolve("server.properties");
    KafkaServerProperties.write(KafkaServerProperties.of(port, controllerPort, dataDir), serverProperties);
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(command, serverProperties);
    }
    process().launch(command.runBroker(serverProperties), Map.of());
    Readiness.await(process(), READY_TIMEOUT, this::probe);
    LOG.info("Embedded Kafka ready at {} in {} ms (log: {})",
        bootstrapServers(), Duration.ofNanos(System.nanoTime() - started).toMillis(), process().logFile());
  }

  private KafkaBrokerCommand prepare() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return KafkaBrokerCommand.prepare(kafkaDir, tuning);
  }

  /** First start on an empty data dir: KRaft storage must be formatted with a cluster id. */
  private void format(KafkaBrokerCommand command, Path serverProperties) {
    String clusterId = Uuid.randomUuid().toString();
    process().runToCompletion(command.formatStorage(serverProperties, clusterId), Map.of(), FORMAT_TIMEOUT);
  }

  /** Ready = the port accepts connections and an admin client can describe the cluster. */
  private void probe() throws Exception {
    // Plain connect first: an admin client against a closed port logs a warning per retry.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    }
    Admin admin = admin();
    try {
      if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
        throw new IllegalStateException("no broker registered yet");
      }
    } finally {
      // A plain close() would wait for a timed-out call's full api timeout.
      admin.close(Duration.ofSeconds(1));
    }
  }

  private Admin admin() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-stack");
    return Admin.create(config);
  }
}
