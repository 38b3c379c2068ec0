package com.genpicz.devstack;

import com.genpicz.common.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** What {@code ./genpicz-local --help} prints (the script prints it itself, before any build). */
    static final String USAGE = """
            usage: ./genpicz-local [--fresh]
              --fresh   wipe the data folder first
            Settings (environment variables; defaults in brackets):
              GENPICZ_DATA_DIR              data folder [.genpicz]
              GENPICZ_MODEL_DIR             model folder [models/genpicz-mini]
              GENPICZ_HTTP_PORT             plain HTTP port of the API [8080]
              GENPICZ_HTTPS_PORT            HTTPS port of the API [8443]
              GENPICZ_LOCAL_KAFKA_PORT      embedded Kafka broker [19092]
              GENPICZ_LOCAL_POSTGRES_PORT   embedded PostgreSQL [15432]
              GENPICZ_LOCAL_S3_PORT         embedded S3 server [19000]
            Ctrl-C stops everything: the API first, then the workers drain, then S3, Kafka and PostgreSQL.
            """;

    public static DevStackSettings from(Env env, List<String> args) {
        for (String arg : args) {
            if (!arg.equals("--fresh")) {
                env.reject("unknown argument " + arg + " (the only option is --fresh; --help lists the settings)");
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

    /** Every fixed port with the variable that changes it; 0 (any free port) is left out. */
    Map<String, Integer> portsByVariable() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("GENPICZ_HTTP_PORT", apiPort);
        ports.put("GENPICZ_HTTPS_PORT", apiHttpsPort);
        ports.put("GENPICZ_LOCAL_KAFKA_PORT", kafkaPort);
        ports.put("GENPICZ_LOCAL_POSTGRES_PORT", postgresPort);
        ports.put("GENPICZ_LOCAL_S3_PORT", s3Port);
        ports.values().removeIf(port -> port == 0);
        if (Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid"))) {
            // A PostgreSQL of this folder that outlived a crashed stack may hold its port: it is stopped at start.
            ports.remove("GENPICZ_LOCAL_POSTGRES_PORT");
        }
        return ports;
    }
}
