package io.eventgateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts the real stack. Tagged "stack", so it is not part of the default build (the gateway's
 * integration tests exercise the stack already); run it with
 * {@code mvn -pl embedded test -Dgroups=stack -DexcludedGroups=none}.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackTest {

  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    Path dir = Path.of(System.getProperty("embedded.stateDir", "target/embedded-stack-test"));
    if (Boolean.parseBoolean(System.getProperty("embedded.cold", "true"))) {
      CachedBinaries.deleteTree(dir);
    }
    stack = EmbeddedStack.start(dir);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
      assertFalse(stack.kafka().isRunning() || stack.postgres().isRunning() || stack.redis().isRunning());
    }
  }

  @Test
  @Order(1)
  void servesAllThree() throws Exception {
    roundTripKafka();
    assertEquals(List.of(List.of("1")), pgQuery("SELECT 1"));
    assertEquals("PONG", Resp.command(stack.redis().port(), "PING"));
  }

  @Test
  @Order(2)
  void kafkaComesBackAfterStopAndKill() throws Exception {
    String topic = roundTripKafka();
    stack.kafka().stop();
    assertFalse(stack.kafka().isRunning());
    stack.kafka().start();
    stack.kafka().kill();
    stack.kafka().start();
    assertTrue(consume(topic).stream().anyMatch(r -> r.value().equals("hello")), "record survives kill");
    roundTripKafka();
  }

  @Test
  @Order(3)
  void postgresComesBackWithItsData() throws Exception {
    pgQuery("CREATE TABLE IF NOT EXISTS t (v text)");
    pgQuery("INSERT INTO t VALUES ('kept')");
    stack.postgres().stop();
    assertFalse(stack.postgres().isRunning());
    stack.postgres().start();
    stack.postgres().kill();
    stack.postgres().start();
    assertTrue(pgQuery("SELECT v FROM t").contains(List.of("kept")));
  }

  @Test
  @Order(4)
  void redisComesBackEmpty() throws Exception {
    int port = stack.redis().port();
    assertEquals("OK", Resp.command(port, "SET", "k", "v"));
    stack.redis().flushAll();
    stack.redis().kill();
    assertFalse(stack.redis().isRunning());
    stack.redis().start();
    stack.redis().stop();
    stack.redis().start();
    assertEquals(port, stack.redis().port());
    assertEquals("PONG", Resp.command(port, "PING"));
  }

  @Test
  @Order(5)
  void secondStackOnTheSameDirIsRefused() {
    Path dir = Path.of(System.getProperty("embedded.stateDir", "target/embedded-stack-test"));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> EmbeddedStack.start(dir));
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("kafka.pid")), "first stack's children untouched");
  }

  private static String roundTripKafka() {
    String topic = "t-" + UUID.randomUUID();
    stack.kafka().createTopic(topic, 1);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    List<ConsumerRecord<String, String>> records = consume(topic);
    assertEquals(1, records.size());
    assertEquals("hello", records.get(0).value());
    return topic;
  }

  private static List<ConsumerRecord<String, String>> consume(String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
             new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        if (!records.isEmpty()) {
          return records;
        }
      }
      return List.of();
    }
  }

  private static List<List<String>> pgQuery(String sql) throws Exception {
    try (PgWire wire = PgWire.connect(stack.postgres().port(), "postgres", "eventgateway")) {
      return wire.query(sql);
    }
  }
}
