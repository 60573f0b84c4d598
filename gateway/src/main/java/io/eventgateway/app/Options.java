package io.eventgateway.app;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Minimal {@code --key value} parsing; positional arguments are stored as {@code _0, _1, ...}. */
public final class Options {
  private Options() {
  }

  public static Map<String, String> parse(Deque<String> args) {
    Map<String, String> options = new HashMap<>();
    int positional = 0;
    while (!args.isEmpty()) {
      String arg = args.poll();
      if (arg.startsWith("--")) {
        String key = arg.substring(2);
        int eq = key.indexOf('=');
        if (eq >= 0) {
          options.put(key.substring(0, eq), key.substring(eq + 1));
        } else if (args.isEmpty() || args.peek().startsWith("--")) {
          options.put(key, "true");
        } else {
          options.put(key, args.poll());
        }
      } else {
        options.put("_" + positional++, arg);
      }
    }
    return options;
  }
}
