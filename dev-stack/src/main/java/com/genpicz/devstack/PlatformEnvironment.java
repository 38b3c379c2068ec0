package com.genpicz.devstack;

import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.FreePort;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment variables that point every service at one Kafka, one database and one bucket. */
public record PlatformEnvironment(
        String kafkaBootstrapServers,
        String topicPrefix,
        DatabaseCoordinates database,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String bucket,
        Path modelDir,
        int httpPort) {

    /**
     * A mutable map, so that callers can add or override settings. Development mode: webhooks to local addresses
     * and plain HTTP on the loopback port are allowed, and the services authenticate to each other with the
     * development internal token. An API port of 0 is replaced by a free one now, since webhook-service must know
     * where ingress's internal API is before ingress starts (and the other way round).
     */
    public Map<String, String> variables() {
        int apiPort = httpPort == 0 ? FreePort.pick() : httpPort;
        int webhookApiPort = FreePort.pick();
        int accountingApiPort = FreePort.pick();
        Map<String, String> env = new HashMap<>();
        env.put("GENPICZ_MODE", "development");
        env.put("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("GENPICZ_TOPIC_PREFIX", topicPrefix);
        env.put("GENPICZ_DB_URL", database.jdbcUrl());
        env.put("GENPICZ_DB_USER", database.user());
        env.put("GENPICZ_DB_PASSWORD", database.password());
        env.put("GENPICZ_S3_ENDPOINT", s3Endpoint);
        env.put("GENPICZ_S3_ACCESS_KEY", s3AccessKey);
        env.put("GENPICZ_S3_SECRET_KEY", s3SecretKey);
        env.put("GENPICZ_S3_BUCKET", bucket);
        env.put("GENPICZ_MODEL_DIR", modelDir.toString());
        env.put("GENPICZ_HTTP_HOST", "127.0.0.1");
        env.put("GENPICZ_HTTP_PORT", Integer.toString(apiPort));
        env.put("GENPICZ_WEBHOOK_API_PORT", Integer.toString(webhookApiPort));
        env.put("GENPICZ_WEBHOOK_SERVICE_URL", "http://127.0.0.1:" + webhookApiPort);
        env.put("GENPICZ_INGRESS_INTERNAL_URL", "http://127.0.0.1:" + apiPort);
        env.put("GENPICZ_ACCOUNTING_API_PORT", Integer.toString(accountingApiPort));
        env.put("GENPICZ_ACCOUNTING_SERVICE_URL", "http://127.0.0.1:" + accountingApiPort);
        env.put("GENPICZ_ALLOW_PLAIN_HTTP", "true");
        env.put("GENPICZ_METRICS_PORT", "0");
        return env;
    }
}
