package io.eventgateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads from a {@link ConfigSource}. A bad value does not throw at once: the problem is
 * recorded with the key's name and the default stands in, so {@link #validate()} can report every bad
 * key in one message. Keys in the file that nobody read are reported too (typos are errors, not no-ops).
 */
public final class ConfigReader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final ConfigSource source;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> readKeys = new HashSet<>();
  private final List<String> passThroughPrefixes = new ArrayList<>();

  public ConfigReader(ConfigSource source) {
    this.source = source;
  }

  public String string(String key, String defaultValue) {
    return read(key, defaultValue, "a string", v -> {
      String s = v.toString().trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return s;
    });
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return read(key, defaultValue, "an integer in [" + min + ", " + max + "]", v -> {
      int i = v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
      if (i < min || i > max) {
        throw new IllegalArgumentException("out of range");
      }
      return i;
    });
  }

  public boolean bool(String key, boolean defaultValue) {
    return read(key, defaultValue, "true or false", v -> {
      String s = v.toString().trim().toLowerCase();
      if (!s.equals("true") && !s.equals("false")) {
        throw new IllegalArgumentException("not a boolean");
      }
      return Boolean.parseBoolean(s);
    });
  }

  /** A duration such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}; a bare number is ms. */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    return read(key, defaultValue, "a duration between " + min + " and " + max + " (e.g. 500ms, 30s, 24h)",
      v -> {
        Duration d = parseDuration(v.toString());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
          throw new IllegalArgumentException("out of range");
        }
        return d;
      });
  }

  /** A raw value (a list or map from YAML, or a string from the environment) handed to a custom parser. */
  public <T> T custom(String key, T defaultValue, String expected, Function<Object, T> parser) {
    return read(key, defaultValue, expected, parser);
  }

  /** Declares that keys under this prefix are passed through (e.g. to the Kafka client) and not unknown. */
  public void passThrough(String prefix) {
    passThroughPrefixes.add(prefix);
  }

  /** Records a problem found by cross-field validation. */
  public void problem(String key, String message) {
    problems.add(source.describe(key) + ": " + message);
  }

  public ConfigSource source() {
    return source;
  }

  /** Throws one {@link ConfigException} naming every bad or unknown key, if any. */
  public void validate() {
    for (String key : source.fileKeys()) {
      boolean known = readKeys.contains(key) || passThroughPrefixes.stream().anyMatch((key + ".")::startsWith);
      if (!known) {
        problems.add(key + ": unknown key (in " + source.origin() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  private <T> T read(String key, T defaultValue, String expected, Function<Object, T> parser) {
    readKeys.add(key);
    Object raw = source.get(key).orElse(null);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(source.describe(key) + ": expected " + expected + ", got '" + raw + "'");
      return defaultValue;
    }
  }
}
