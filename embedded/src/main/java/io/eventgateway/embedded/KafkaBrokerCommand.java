package io.eventgateway.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command lines of the broker's own JVM. Kafka 4 brings kafka-clients 4, Scala and log4j2, which
 * must not meet the gateway's kafka-clients 3.7: the broker runs with its own classpath, resolved by
 * the {@code kafka-broker-runtime} module at build time and shipped here as a resource.
 */
final class KafkaBrokerCommand {

  private static final String RESOURCE_DIR = "/io/eventgateway/embedded/";
  private static final String CLASSPATH_RESOURCE = RESOURCE_DIR + "kafka-broker.classpath";
  private static final String LOG4J2_RESOURCE = RESOURCE_DIR + "kafka-broker-log4j2.xml";

  private static final List<String> COMMON_JVM_OPTIONS = List.of(
      "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

  private final String classpath;
  private final Path log4jConfig;
  private final List<String> jvmOptions;

  private KafkaBrokerCommand(String classpath, Path log4jConfig, List<String> jvmOptions) {
    this.classpath = classpath;
    this.log4jConfig = log4jConfig;
    this.jvmOptions = jvmOptions;
  }

  /** Reads the broker classpath and writes the broker's log4j2 config into {@code kafkaDir}. */
  static KafkaBrokerCommand prepare(Path kafkaDir, StackTuning tuning) {
    String classpath = checkClasspath(readResource(CLASSPATH_RESOURCE).strip());
    Path log4jConfig = kafkaDir.resolve("log4j2.xml");
    try (InputStream in = resource(LOG4J2_RESOURCE)) {
      Files.copy(in, log4jConfig, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> jvmOptions = new ArrayList<>(tuning.brokerJvmOptions());
    jvmOptions.addAll(COMMON_JVM_OPTIONS);
    return new KafkaBrokerCommand(classpath, log4jConfig, List.copyOf(jvmOptions));
  }

  /** {@code kafka-storage format}: with static controller.quorum.voters Kafka 4.1 rejects --standalone. */
  List<String> formatStorage(Path serverProperties, String clusterId) {
    return java("kafka.tools.StorageTool", "format", "--ignore-formatted",
        "-t", clusterId, "-c", serverProperties.toString());
  }

  List<String> runBroker(Path serverProperties) {
    return java("kafka.Kafka", serverProperties.toString());
  }

  private List<String> java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-Dlog4j2.configurationFile=" + log4jConfig);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** The java running this JVM, so the broker gets the same (already installed) runtime. */
  static String javaExecutable() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The paths point into the local Maven repository of the machine that built; say so if they vanished. */
  private static String checkClasspath(String classpath) {
    List<String> missing = Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !Files.exists(Path.of(entry)))
        .collect(Collectors.toList());
    if (classpath.isEmpty() || !missing.isEmpty()) {
      throw new IllegalStateException("The Kafka broker classpath built by event-gateway-kafka-broker-runtime "
          + "names missing files " + missing + "; rebuild it: mvn -pl kafka-broker-runtime install");
    }
    return classpath;
  }

  private static String readResource(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = KafkaBrokerCommand.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("Resource " + name + " not found: is event-gateway-kafka-broker-runtime "
          + "on the classpath?");
    }
    return in;
  }
}
