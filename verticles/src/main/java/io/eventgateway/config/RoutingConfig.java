package io.eventgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Topic routing: the first rule whose glob matches the event {@code type} wins, else the default topic. */
public record RoutingConfig(String defaultTopic, List<Rule> rules) {

  private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public RoutingConfig {
    rules = List.copyOf(rules);
  }

  /** Parses a Kafka topic name, refusing what a broker would refuse. */
  static String topicName(Object raw) {
    String topic = raw.toString().trim();
    if (!TOPIC_NAME.matcher(topic).matches()) {
      throw new IllegalArgumentException("not a valid Kafka topic name");
    }
    return topic;
  }

  /** A rule: a glob on the CloudEvents {@code type} ({@code *} any run of characters, {@code ?} one). */
  public record Rule(String typeGlob, String topic) {
    public Rule {
      topic = topicName(topic);
    }
  }

  /** From YAML (a list of maps) or from the environment ({@code glob=topic;glob=topic}). */
  static List<Rule> parseRules(Object raw) {
    List<Rule> rules = new ArrayList<>();
    if (raw instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> map) || map.get("type") == null || map.get("topic") == null) {
          throw new IllegalArgumentException("each rule needs type and topic");
        }
        rules.add(new Rule(map.get("type").toString(), map.get("topic").toString()));
      }
    } else {
      for (String pair : raw.toString().split(";")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] parts = pair.split("=", 2);
        if (parts.length != 2 || parts[0].isBlank()) {
          throw new IllegalArgumentException("expected glob=topic");
        }
        rules.add(new Rule(parts[0].trim(), parts[1].trim()));
      }
    }
    return rules;
  }
}
