package io.eventgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Raw configuration: a YAML file flattened to dotted keys, overlaid by environment variables. A key
 * {@code kafka.bootstrap.servers} is overridden by {@code GATEWAY_KAFKA_BOOTSTRAP_SERVERS}: the prefix,
 * then the key in upper snake case (dots and dashes become underscores). Nested YAML maps and dotted
 * keys flatten to the same key, so {@code kafka: {bootstrap.servers: x}} works as expected.
 */
public final class ConfigSource {
  public static final String ENV_PREFIX = "GATEWAY_";

  private final Map<String, Object> file;
  private final Map<String, String> env;
  private final String origin;

  public ConfigSource(Map<String, Object> flatFile, Map<String, String> env, String origin) {
    this.file = Map.copyOf(flatFile);
    this.env = Map.copyOf(env);
    this.origin = origin;
  }

  /** Reads a YAML file (absent file allowed only when {@code required} is false) and the process env. */
  public static ConfigSource load(Path yaml, boolean required, Map<String, String> env) {
    if (!Files.exists(yaml)) {
      if (required) {
        throw new ConfigException(List.of("config file " + yaml + " does not exist"));
      }
      return new ConfigSource(Map.of(), env, "defaults + environment");
    }
    try (InputStream in = Files.newInputStream(yaml)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, Object> flat = new LinkedHashMap<>();
      if (root instanceof Map<?, ?> map) {
        flatten("", map, flat);
      } else if (root != null) {
        throw new ConfigException(List.of(yaml + ": the top level must be a map of keys"));
      }
      return new ConfigSource(flat, env, yaml + " + environment");
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException(List.of(yaml + ": cannot be read as YAML: " + e.getMessage()));
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
    map.forEach((k, v) -> {
      String key = prefix + k;
      if (v instanceof Map<?, ?> nested && !nested.isEmpty()) {
        flatten(key + ".", nested, out);
      } else {
        out.put(key, v);
      }
    });
  }

  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value for a key: environment first, then the file. */
  public Optional<Object> get(String key) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return Optional.of(fromEnv);
    }
    return Optional.ofNullable(file.get(key));
  }

  /** Where a key's value came from, for error messages. */
  public String describe(String key) {
    return env.containsKey(envName(key)) ? key + " (env " + envName(key) + ")" : key;
  }

  /** File keys under a prefix (for pass-through maps such as {@code kafka.producer.*}). */
  public Map<String, Object> withPrefix(String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    file.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  public Iterable<String> fileKeys() {
    return file.keySet();
  }

  public String origin() {
    return origin;
  }
}
