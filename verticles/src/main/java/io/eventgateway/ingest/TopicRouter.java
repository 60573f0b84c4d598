package io.eventgateway.ingest;

import io.eventgateway.config.RoutingConfig;
import java.util.List;
import java.util.regex.Pattern;

/** Chooses an event's Kafka topic from its {@code type}: first matching rule, else the default topic. */
public final class TopicRouter {
  private record CompiledRule(Pattern pattern, String topic) {
  }

  private final List<CompiledRule> rules;
  private final String defaultTopic;

  public TopicRouter(RoutingConfig config) {
    this.rules = config.rules().stream()
      .map(rule -> new CompiledRule(globToRegex(rule.typeGlob()), rule.topic()))
      .toList();
    this.defaultTopic = config.defaultTopic();
  }

  public String topicFor(String type) {
    for (CompiledRule rule : rules) {
      if (rule.pattern().matcher(type).matches()) {
        return rule.topic();
      }
    }
    return defaultTopic;
  }

  static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
