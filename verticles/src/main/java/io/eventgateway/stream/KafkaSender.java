package io.eventgateway.stream;

import io.eventgateway.metrics.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one Kafka producer, driven in batches. {@code KafkaProducer.send} may block (metadata,
 * full buffer), so it runs on a dedicated thread, never on an event loop; a whole batch of rows goes
 * there in one hand-off. Acknowledgements arrive on Kafka's I/O thread and are drained back onto the
 * relay's context in bursts, so a busy relay pays a couple of thread wake-ups per batch, not per record.
 * Every returned future completes on the relay's context; Kafka's delivery timeout bounds how long.
 */
final class KafkaSender {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

  private record Completion(Promise<RecordMetadata> promise, RecordMetadata metadata, Exception error) {
  }

  private final Context context;
  private final GatewayMetrics metrics;
  private final Map<String, Object> producerConfig;
  /** Touched on the send thread only. */
  private KafkaProducer<String, String> producer;
  private final ExecutorService sendThread = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "event-gateway-kafka-send");
    thread.setDaemon(true);
    return thread;
  });
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  KafkaSender(Context context, Map<String, Object> producerConfig, GatewayMetrics metrics) {
    this.context = context;
    this.metrics = metrics;
    this.producerConfig = Map.copyOf(producerConfig);
    this.producer = new KafkaProducer<>(producerConfig);
  }

  /**
   * Sends records in order; one future per record, completed on the relay's context with where Kafka put
   * it, or with Kafka's error.
   */
  List<Future<RecordMetadata>> send(List<ProducerRecord<String, String>> records) {
    List<Promise<RecordMetadata>> promises = new ArrayList<>(records.size());
    List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      Promise<RecordMetadata> promise = Promise.promise();
      promises.add(promise);
      futures.add(promise.future());
    }
    long handedOver = System.nanoTime();
    sendThread.execute(() -> {
      for (int i = 0; i < records.size(); i++) {
        Promise<RecordMetadata> promise = promises.get(i);
        try {
          producer.send(records.get(i), (metadata, error) -> {
            metrics.kafkaSent(System.nanoTime() - handedOver, error == null);
            complete(promise, metadata, error);
          });
        } catch (RuntimeException e) {
          complete(promise, null, e);
        }
      }
    });
    return futures;
  }

  /**
   * Fails every send not yet acknowledged and starts a fresh producer: used when the relay can no longer
   * trust its shard leases, so that nothing of its leaves after another instance may have taken over.
   * Records already on the wire may still land; their outcome is unknown (and counted by the relay).
   */
  Future<Void> abort() {
    Promise<Void> done = Promise.promise();
    sendThread.execute(() -> {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("Forced producer close: {}", e.toString());
      }
      producer = new KafkaProducer<>(producerConfig);
      context.runOnContext(v -> done.complete());
    });
    return done.future();
  }

  private void complete(Promise<RecordMetadata> promise, RecordMetadata metadata, Exception error) {
    completions.add(new Completion(promise, metadata, error));
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    Completion completion;
    while ((completion = completions.poll()) != null) {
      if (completion.error() == null) {
        completion.promise().complete(completion.metadata());
      } else {
        completion.promise().fail(completion.error());
      }
    }
  }

  /** Closes the producer on its own thread: pending sends get until the timeout, then fail. */
  Future<Void> close(Duration timeout) {
    Promise<Void> closed = Promise.promise();
    sendThread.execute(() -> {
      try {
        producer.close(timeout);
      } finally {
        context.runOnContext(v -> {
          drain();
          closed.complete();
        });
      }
    });
    sendThread.shutdown();
    return closed.future();
  }
}
