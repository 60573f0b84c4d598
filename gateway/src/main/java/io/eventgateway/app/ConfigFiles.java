package io.eventgateway.app;

import io.eventgateway.config.ConfigSource;
import io.eventgateway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the configuration comes from: {@code --config FILE} (must exist), else {@code GATEWAY_CONFIG}
 * (must exist), else {@code conf/gateway.yaml} if present, else built-in defaults; environment
 * variables override every key.
 */
public final class ConfigFiles {
  public static final Path DEFAULT = Path.of("conf", "gateway.yaml");

  private ConfigFiles() {
  }

  public static GatewayConfig load(String explicitPath, Map<String, String> env) {
    return GatewayConfig.from(source(explicitPath, env));
  }

  public static ConfigSource source(String explicitPath, Map<String, String> env) {
    if (explicitPath != null) {
      return ConfigSource.load(Path.of(explicitPath), true, env);
    }
    String fromEnv = env.get("GATEWAY_CONFIG");
    if (fromEnv != null) {
      return ConfigSource.load(Path.of(fromEnv), true, env);
    }
    return ConfigSource.load(DEFAULT, false, env);
  }
}
