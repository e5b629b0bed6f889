package dev.riskgate.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Service settings, read once from the environment. Names and defaults are part of the ops contract
 * (README): RISKGATE_PORT=8080, RISKGATE_DATA_DIR=./data, RISKGATE_RULES_DIR=./rules.
 */
public record Config(int port, Path dataDir, Path rulesDir, String host) {

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RISKGATE_PORT must be in the range [0, 65535], was " + port);
        }
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        String rawPort = env.getOrDefault("RISKGATE_PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(rawPort.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RISKGATE_PORT must be a number, was '" + rawPort + "'");
        }
        return new Config(port,
                Path.of(env.getOrDefault("RISKGATE_DATA_DIR", "./data")),
                Path.of(env.getOrDefault("RISKGATE_RULES_DIR", "./rules")),
                env.getOrDefault("RISKGATE_HOST", "0.0.0.0"));
    }
}
