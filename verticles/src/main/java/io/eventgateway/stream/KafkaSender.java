package io.eventgateway.stream;

import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.outbox.CommittedRow;
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

/**
 * The gateway's one Kafka producer, driven in batches. {@code KafkaProducer.send} may block (metadata,
 * full buffer), so it runs on a dedicated thread, never on an event loop; a whole batch of rows goes
 * there in one hand-off. Acknowledgements arrive on Kafka's I/O thread and are drained back onto the
 * relay's context in bursts, so a busy relay pays a couple of thread wake-ups per batch, not per record.
 * Every returned future completes on the relay's context; Kafka's delivery timeout bounds how long.
 */
final class KafkaSender {
  private record Completion(Promise<Void> promise, Exception error) {
  }

  private final Context context;
  private final GatewayMetrics metrics;
  private final KafkaProducer<String, String> producer;
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
    this.producer = new KafkaProducer<>(producerConfig);
  }

  /** Sends rows in order; one future per row, completed on the relay's context after Kafka's answer. */
  List<Future<Void>> send(List<CommittedRow> rows) {
    List<Promise<Void>> promises = new ArrayList<>(rows.size());
    List<Future<Void>> futures = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Promise<Void> promise = Promise.promise();
      promises.add(promise);
      futures.add(promise.future());
    }
    long handedOver = System.nanoTime();
    sendThread.execute(() -> {
      for (int i = 0; i < rows.size(); i++) {
        Promise<Void> promise = promises.get(i);
        try {
          ProducerRecord<String, String> record = CloudEventRecords.toRecord(rows.get(i));
          producer.send(record, (metadata, error) -> {
            metrics.kafkaSent(System.nanoTime() - handedOver, error == null);
            complete(promise, error);
          });
        } catch (RuntimeException e) {
          complete(promise, e);
        }
      }
    });
    return futures;
  }

  private void complete(Promise<Void> promise, Exception error) {
    completions.add(new Completion(promise, error));
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    Completion completion;
    while ((completion = completions.poll()) != null) {
      if (completion.error() == null) {
        completion.promise().complete();
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
