package io.eventgateway.loadtest.ceilings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka producer ceiling: one thread sends ~300-byte records over 1024 keys into a fresh 3-partition
 * topic with the gateway's producer settings, keeping up to {@value #IN_FLIGHT} records unacknowledged
 * (the relay's default permits). Latency is send to acknowledgement of each record.
 */
final class KafkaCeiling {
  static final int IN_FLIGHT = 10_000;
  static final int PARTITIONS = 3;
  static final String SETUP = "1 sending thread, acks=all, idempotent, linger.ms=5, batch.size=65536, "
    + PARTITIONS + " partitions, " + Payloads.EVENT_BYTES + "-byte values, " + Payloads.KEYS + " keys, "
    + IN_FLIGHT + " in flight";

  private final String bootstrapServers;

  KafkaCeiling(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  Ceiling measure(Plan plan) throws Exception {
    String topic = "ceiling-" + System.currentTimeMillis();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      // The broker's default replication factor: 1 on a single local broker, whatever a cluster uses.
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
        .all().get(30, TimeUnit.SECONDS);
      try {
        return send(topic, plan);
      } finally {
        // A fresh topic per run; deleting it keeps repeated runs from filling the broker's disk.
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private Ceiling send(String topic, Plan plan) throws InterruptedException {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
      // Fetch metadata before the clock starts; the first send would otherwise wait for it.
      producer.partitionsFor(topic);
      Measurement measurement = Measurement.start(plan);
      long n = 0;
      while (measurement.sending()) {
        if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, Payloads.key(n), Payloads.event(n)), (metadata, error) -> {
          if (error != null) {
            measurement.fail(error);
          } else {
            measurement.record(start, 1);
          }
          permits.release();
        });
        n++;
      }
      producer.flush();
      return measurement.result("kafka", "records", SETUP);
    }
  }

  /** The gateway relay's producer settings (KafkaRelay.producerConfig with its defaults). */
  static Properties producerConfig(String bootstrapServers) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("client.id", "event-gateway-ceilings");
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    props.put("batch.size", "65536");
    props.put("max.in.flight.requests.per.connection", "5");
    props.put("max.block.ms", "5000");
    props.put("delivery.timeout.ms", "30000");
    props.put("request.timeout.ms", "10000");
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return props;
  }
}
