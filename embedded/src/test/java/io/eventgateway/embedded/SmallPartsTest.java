package io.eventgateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure pieces: protocol encoding, log tails, ports, permissions. */
class SmallPartsTest {

  @Test
  void logTailKeepsTheLastLines() {
    assertEquals("c\nd", LogTail.lastLines("a\nb\nc\nd\n", 2));
    assertEquals("a\nb", LogTail.lastLines("a\r\nb", 5));
    assertEquals("", LogTail.lastLines("", 3));
  }

  @Test
  void logTailOfAMissingFileSaysSo(@TempDir Path dir) {
    assertTrue(LogTail.of(dir.resolve("none.log")).startsWith("(no log at"));
  }

  @Test
  void respEncodesCommandsAsArraysOfBulkStrings() throws IOException {
    assertEquals("*1\r\n$4\r\nPING\r\n", new String(Resp.encode("PING"), StandardCharsets.UTF_8));
    assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n",
        new String(Resp.encode("SET", "k", "é"), StandardCharsets.UTF_8));
    assertEquals("PONG", Resp.parseSimpleReply("+PONG"));
    assertEquals("1", Resp.parseSimpleReply(":1"));
    assertThrows(IOException.class, () -> Resp.parseSimpleReply("-LOADING Redis is loading"));
  }

  @Test
  void pgErrorResponseGivesMessageAndSqlState() {
    byte[] payload = "SFATAL\0C57P03\0Mthe database system is starting up\0\0".getBytes(StandardCharsets.UTF_8);
    assertEquals("the database system is starting up (SQLSTATE 57P03)", PgWire.errorMessage(payload));
  }

  @Test
  void portsAreRecordedAndReusedWhileFree(@TempDir Path dir) throws IOException {
    StackPorts first = StackPorts.loadOrAllocate(dir);
    List<Integer> ports = List.of(first.get(StackPorts.KAFKA), first.get(StackPorts.KAFKA_CONTROLLER),
        first.get(StackPorts.POSTGRES), first.get(StackPorts.REDIS));
    assertEquals(4, ports.stream().distinct().count());
    StackPorts second = StackPorts.loadOrAllocate(dir);
    assertEquals(first.get(StackPorts.POSTGRES), second.get(StackPorts.POSTGRES));
    assertEquals(first.get(StackPorts.KAFKA_CONTROLLER), second.get(StackPorts.KAFKA_CONTROLLER));
  }

  @Test
  void aRecordedPortInUseIsReplaced(@TempDir Path dir) throws IOException {
    try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Properties recorded = new Properties();
      recorded.setProperty(StackPorts.REDIS, Integer.toString(busy.getLocalPort()));
      recorded.setProperty(StackPorts.POSTGRES, "not a port");
      try (var out = Files.newBufferedWriter(dir.resolve(StackPorts.FILE))) {
        recorded.store(out, null);
      }
      StackPorts ports = StackPorts.loadOrAllocate(dir);
      assertNotEquals(busy.getLocalPort(), ports.get(StackPorts.REDIS));
      assertTrue(ports.get(StackPorts.POSTGRES) > 0);
    }
  }

  @Test
  void unpackedFilesAreReadableByAllAndKeepExecuteBits() {
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(PostgresBinaries.permissions(0755)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(PostgresBinaries.permissions(0600)));
  }

  @Test
  void longArgumentsAreShortenedInMessages() {
    String described = ChildProcess.describe(List.of("java", "-cp", "x".repeat(5000), "kafka.Kafka"));
    assertTrue(described.length() < 200, described);
    assertTrue(described.endsWith("...(5000 chars) kafka.Kafka"), described);
  }

  @Test
  void ourOwnProcessIsNoZombieAndHasACommandLine() {
    long self = ProcessHandle.current().pid();
    assertFalse(ProcessTree.isZombie(self));
    assertTrue(ProcessTree.commandLine(self).orElseThrow().contains("java"));
  }

  @Test
  void aSecondLockOnTheSameStateDirIsRefused(@TempDir Path dir) {
    StateDirLock lock = StateDirLock.acquire(dir);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDirLock.acquire(dir));
      assertTrue(e.getMessage().contains("in use"));
    } finally {
      lock.close();
    }
    StateDirLock.acquire(dir).close();
  }

  @Test
  void brokerPropertiesDescribeASingleCombinedNode(@TempDir Path dir) {
    Properties p = KafkaServerProperties.of(9092, 9093, dir);
    assertEquals("1@127.0.0.1:9093", p.getProperty("controller.quorum.voters"));
    assertEquals("PLAINTEXT://127.0.0.1:9092", p.getProperty("advertised.listeners"));
    assertEquals("1", p.getProperty("offsets.topic.replication.factor"));
  }

  @Test
  void theBrokerClasspathResourceNamesExistingKafka4Jars(@TempDir Path dir) {
    List<String> command = KafkaBrokerCommand.prepare(dir, StackTuning.QUICK_START).runBroker(Path.of("server.properties"));
    String classpath = command.get(command.indexOf("-cp") + 1);
    assertTrue(classpath.contains("kafka_2.13-"), classpath);
    assertTrue(classpath.contains("log4j-core-"), classpath);
    assertFalse(classpath.contains("kafka-clients-3."), "the gateway's client line must not leak in");
  }

  @Test
  void aSteadyStateBrokerRunsWithC2AndG1AndATestBrokerWithout(@TempDir Path dir) {
    List<String> steady = KafkaBrokerCommand.prepare(dir, StackTuning.STEADY_STATE).runBroker(Path.of("p"));
    List<String> quick = KafkaBrokerCommand.prepare(dir, StackTuning.QUICK_START).runBroker(Path.of("p"));
    assertTrue(steady.contains("-XX:+UseG1GC"), steady.toString());
    assertFalse(steady.contains("-XX:TieredStopAtLevel=1"), steady.toString());
    assertTrue(quick.contains("-XX:TieredStopAtLevel=1"), quick.toString());
    assertTrue(steady.contains("-XX:+ExitOnOutOfMemoryError") && quick.contains("-XX:+ExitOnOutOfMemoryError"));
  }

}
