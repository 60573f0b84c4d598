package io.eventgateway.loadtest;

import io.eventgateway.loadtest.RunRecorder.Ack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * After a run, reads the target topics and checks what no generic load tool can: every event the
 * gateway acknowledged is in Kafka (acknowledged but missing must be 0), none is there twice, and for
 * each key, Kafka's order never contradicts what the client saw (an event acknowledged before another
 * was even sent must come first). Only this run's records count: they carry the run's own source.
 * Runs on the calling thread (blocking, never on an event loop).
 */
final class DeliveryVerifier {
  private final String bootstrap;
  private final List<String> topics;
  private final String source;
  private Map<TopicPartition, Long> startOffsets = Map.of();

  DeliveryVerifier(String bootstrap, List<String> topics, String source) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.source = source;
  }

  /** Before the run: where each partition ends now, so only newer records are read afterwards. */
  void markStart() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      startOffsets = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
    }
  }

  /** Reads until every acknowledged event was found or nothing new came for {@code quiet}. */
  JsonObject verify(Map<String, Ack> acked, Duration timeout, Duration quiet) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, String> lastIdByKey = new HashMap<>();
    Histogram toKafka = new Histogram(RunRecorder.MAX_NANOS / 1_000_000, 3);
    long orderViolations = 0;
    long found = 0;
    long foundAcked = 0;
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, startOffsets.getOrDefault(partition, 0L));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline && System.nanoTime() - lastNew < quiet.toNanos()
          && foundAcked < acked.size()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (!source.equals(header(record, "ce_source"))) {
            continue;
          }
          lastNew = System.nanoTime();
          String id = header(record, "ce_id");
          boolean first = seen.merge(id, 1, Integer::sum) == 1;
          found++;
          Ack ack = acked.get(id);
          if (ack == null) {
            continue;
          }
          if (first) {
            foundAcked++;
          }
          toKafka.recordValue(Math.max(0, Math.min(record.timestamp() - ack.sentMillis(), toKafka.getHighestTrackableValue())));
          String keyInPartition = record.topic() + "/" + record.partition() + "/" + record.key();
          String previousId = lastIdByKey.put(keyInPartition, id);
          Ack previous = previousId == null ? null : acked.get(previousId);
          if (previous != null && ack.ackMillis() < previous.sentMillis()) {
            orderViolations++;
          }
        }
      }
    }
    return result(acked, seen, found, toKafka, orderViolations);
  }

  private JsonObject result(Map<String, Ack> acked, Map<String, Integer> seen, long found, Histogram toKafka,
                            long orderViolations) {
    long missing = acked.keySet().stream().filter(id -> !seen.containsKey(id)).count();
    long notAcked = seen.keySet().stream().filter(id -> !acked.containsKey(id)).count();
    long duplicates = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    JsonObject latency = new JsonObject().put("count", toKafka.getTotalCount())
      .put("p50", (double) toKafka.getValueAtPercentile(50)).put("p99", (double) toKafka.getValueAtPercentile(99))
      .put("max", (double) toKafka.getMaxValue());
    return new JsonObject()
      .put("checked", true)
      .put("topics", new JsonArray(new ArrayList<>(topics)))
      .put("acknowledged", acked.size())
      .put("found", found)
      .put("ackedMissing", missing)
      .put("publishedNotAcknowledged", notAcked)
      .put("duplicates", duplicates)
      .put("orderViolations", orderViolations)
      .put("acceptToKafka", latency);
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    Set<String> wanted = new HashSet<>(topics);
    for (Map.Entry<String, List<PartitionInfo>> entry : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
      if (wanted.contains(entry.getKey())) {
        entry.getValue().forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
    }
    return partitions;
  }

  private KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("enable.auto.commit", "false");
    props.put("max.poll.records", "5000");
    return new KafkaConsumer<>(props);
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
