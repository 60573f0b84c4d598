package io.eventgateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** server.properties of a single-node KRaft broker that is its own controller. */
final class KafkaServerProperties {

  private KafkaServerProperties() {}

  static Properties of(int port, int controllerPort, Path dataDir) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    // Static quorum: the voter set lives in config, so a reused data dir needs no re-format.
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toString());

    // One node: every internal topic has a single replica.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    // Fewer internal partitions: the first consumer group and transaction come up faster.
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.num.partitions", "5");

    // Tests should not wait for rebalances or topic creation.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "true");
    p.setProperty("num.partitions", "3");
    // Record timestamps say when the broker appended the record, not when the producer buffered it,
    // so the load test's "accepted -> in Kafka" latency includes outages and retries.
    p.setProperty("log.message.timestamp.type", "LogAppendTime");

    // After a kill the restarted controller waits out the dead incarnation's broker session before the
    // broker may register again: 9 s by default. Heartbeats are loopback calls within one JVM; 4 s
    // still tolerates a 3 s stall of a busy 2-core machine without fencing the broker.
    p.setProperty("broker.heartbeat.interval.ms", "1000");
    p.setProperty("broker.session.timeout.ms", "4000");

    // Sized for a 2-core machine shared with the gateway under test.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    return p;
  }

  static void write(Properties properties, Path file) {
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, "Embedded single-node Kafka; rewritten at every start");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
