package io.eventgateway.config;

import java.util.List;

/** Invalid configuration: lists every bad key at once, so one start-up attempt shows all of them. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
