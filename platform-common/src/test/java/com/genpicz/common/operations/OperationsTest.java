package com.genpicz.common.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations port against a PostgreSQL and a Kafka broker of its own, which the test stops and starts again:
 * readiness follows them, liveness follows the service's failure, and /metrics is Prometheus text.
 */
class OperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessGoesDownWhileTheDatabaseOrTheBrokerIsStoppedAndComesBackWithThem(@TempDir Path pgData,
                                                                                  @TempDir Path kafkaData) {
        PostgresServer postgres = PostgresServer.start(pgData, 0, Map.of("fsync", "off"));
        int pgPort = postgres.port();
        DatabaseCoordinates coordinates = postgres.createDatabase("readiness");
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaData, 0);
        String bootstrap = kafka.bootstrapServers();
        int kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        try (Database database = Database.connect(new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(),
                     coordinates.password(), 2, Duration.ofSeconds(1)), "readiness-test");
             Operations operations = Operations.start("test-service", OperationsConfig.anyFreePort())) {
            operations.readiness().add("database", database.readinessCheck())
                    .add("kafka", new KafkaReadiness(new KafkaConfig(bootstrap, "readiness.", 1)));
            assertThat(status(operations, "/readyz")).isEqualTo(503);
            operations.running(new CompletableFuture<>());
            awaitReadiness(operations, 200, "ok", "ok");

            postgres.close();
            awaitReadiness(operations, 503, "down", "ok");
            postgres = PostgresServer.start(pgData, pgPort, Map.of("fsync", "off"));
            awaitReadiness(operations, 200, "ok", "ok");

            kafka.close();
            awaitReadiness(operations, 503, "ok", "down");
            kafka = EmbeddedKafka.start(kafkaData, kafkaPort);
            awaitReadiness(operations, 200, "ok", "ok");

            operations.stopping();
            assertThat(readyz(operations).path("checks").path("lifecycle").asText()).isEqualTo("stopping");
            assertThat(status(operations, "/readyz")).isEqualTo(503);
        } finally {
            kafka.close();
            postgres.close();
        }
    }

    @Test
    void livenessFailsOnceTheServiceReportsAFatalFailure() {
        try (Operations operations = Operations.start("test-service", OperationsConfig.anyFreePort())) {
            CompletableFuture<Void> failure = new CompletableFuture<>();
            operations.running(failure);
            assertThat(status(operations, "/livez")).isEqualTo(200);

            failure.completeExceptionally(new IllegalStateException("a loop died"));

            assertThat(status(operations, "/livez")).isEqualTo(503);
        }
    }

    @Test
    void metricsArePrometheusTextTaggedWithServiceAndInstance() throws Exception {
        try (Operations operations = Operations.start("test-service",
                new OperationsConfig(0, "test-host-7"))) {
            HttpResponse<String> metrics = get(operations, "/metrics", "GET");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes{")
                    .contains("service=\"test-service\"").contains("instance=\"test-host-7\"")
                    .contains("process_uptime_seconds");
        }
    }

    @Test
    void otherPathsAndMethodsGetAJsonErrorObject() throws Exception {
        try (Operations operations = Operations.start("test-service", OperationsConfig.anyFreePort())) {
            HttpResponse<String> unknown = get(operations, "/nope", "GET");
            HttpResponse<String> post = get(operations, "/metrics", "POST");

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("not_found");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(JSON.readTree(post.body()).path("error").path("code").asText())
                    .isEqualTo("method_not_allowed");
        }
    }

    private void awaitReadiness(Operations operations, int status, String database, String kafka) {
        Eventually.await("readiness " + status + " with database " + database + " and kafka " + kafka, WAIT,
                () -> readyz(operations),
                body -> body.path("status").asText().equals(status == 200 ? "ready" : "not_ready")
                        && state(body, "database").equals(database) && state(body, "kafka").equals(kafka));
        assertThat(status(operations, "/readyz")).isEqualTo(status);
    }

    private static String state(JsonNode body, String check) {
        return body.path("checks").path(check).asText().equals("ok") ? "ok" : "down";
    }

    private JsonNode readyz(Operations operations) {
        try {
            return JSON.readTree(get(operations, "/readyz", "GET").body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private int status(Operations operations, String path) {
        try {
            return get(operations, path, "GET").statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(Operations operations, String path, String method)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operations.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
