package io.eventgateway.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a real Kafka topic from the beginning, keeping the records a test cares about. */
public final class TopicReader {
  private TopicReader() {
  }

  public static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Records of the topic whose ce_source equals {@code source}. */
  public static Predicate<ConsumerRecord<String, String>> fromSource(String source) {
    return record -> source.equals(header(record, "ce_source"));
  }

  /**
   * Polls until {@code expected} matching records were seen and then {@code settle} longer (to catch
   * duplicates), or until {@code timeout}; returns every matching record seen.
   */
  public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
      Predicate<ConsumerRecord<String, String>> filter, int expected, Duration timeout, Duration settle) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    List<ConsumerRecord<String, String>> matching = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        partitions = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (filter.test(record)) {
            matching.add(record);
          }
        }
        if (matching.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + settle.toNanos();
        }
      }
    }
    return matching;
  }
}
