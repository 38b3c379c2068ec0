package com.genpicz.devstack;

import com.genpicz.common.config.Env;
import java.nio.file.Path;
import java.util.List;

/**
 * How the local stack runs. Every setting has a default so that a fresh clone starts with no configuration.
 *
 * @param dataDir  Kafka, PostgreSQL and S3 data, the demo key and the TLS material; kept across restarts
 * @param fresh    wipe {@code dataDir} before starting (the {@code --fresh} flag)
 */
public record DevStackSettings(
        Path dataDir,
        boolean fresh,
        int apiPort,
        int apiHttpsPort,
        int kafkaPort,
        int postgresPort,
        int s3Port,
        Path modelDir) {

    public static DevStackSettings from(Env env, List<String> args) {
        for (String arg : args) {
            if (!arg.equals("--fresh")) {
                env.reject("unknown argument " + arg + " (the only option is --fresh)");
            }
        }
        DevStackSettings settings = new DevStackSettings(
                Path.of(env.string("GENPICZ_DATA_DIR", ".genpicz")).toAbsolutePath(),
                args.contains("--fresh"),
                env.integer("GENPICZ_HTTP_PORT", 8080, 0, 65535),
                env.integer("GENPICZ_HTTPS_PORT", 8443, 0, 65535),
                env.integer("GENPICZ_LOCAL_KAFKA_PORT", 19092, 0, 65535),
                env.integer("GENPICZ_LOCAL_POSTGRES_PORT", 15432, 0, 65535),
                env.integer("GENPICZ_LOCAL_S3_PORT", 19000, 0, 65535),
                Path.of(env.string("GENPICZ_MODEL_DIR", "models/genpicz-mini")).toAbsolutePath());
        env.validate();
        return settings;
    }
}
