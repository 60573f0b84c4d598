package io.eventgateway.app;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code gateway tail TOPIC}: a plain Kafka consumer (no group, nothing committed) that prints every
 * record of a topic with its key and headers, from the beginning, until interrupted or until
 * {@code --max} records. A command-line tool: it blocks its own thread, never an event loop.
 */
final class TailCommand {
  private final String bootstrapServers;
  private final String topic;
  private final long maxRecords;
  private final PrintStream out;

  TailCommand(String bootstrapServers, String topic, long maxRecords, PrintStream out) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.maxRecords = maxRecords;
    this.out = out;
  }

  int run() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = awaitPartitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      out.printf("Tailing %s (%d partition(s)) on %s; Ctrl-C to stop%n", topic, partitions.size(), bootstrapServers);
      long printed = 0;
      while (printed < maxRecords) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          print(record);
          if (++printed >= maxRecords) {
            break;
          }
        }
      }
    }
    return 0;
  }

  /** A topic is created by the first event routed to it; until then, wait for it. */
  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> consumer) {
    boolean announced = false;
    while (true) {
      List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        return partitions;
      }
      if (!announced) {
        out.printf("Topic %s does not exist yet; waiting for the first event...%n", topic);
        announced = true;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  private void print(ConsumerRecord<String, String> record) {
    StringBuilder headers = new StringBuilder();
    for (Header header : record.headers()) {
      if (headers.length() > 0) {
        headers.append(", ");
      }
      headers.append(header.key()).append('=')
        .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    out.printf("%s-%d@%d key=%s%n  headers: %s%n  value: %s%n", record.topic(), record.partition(),
      record.offset(), record.key(), headers, record.value());
  }
}
