package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator's Prometheus sees of the dev stack: every service answers on its operations port, is live and
 * ready, and the series each issue names exist and move when one generation runs.
 */
@ExtendWith(RealInfrastructure.class)
class OperationsEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;

    @BeforeAll
    static void startPlatform(TestInfrastructure infra) {
        Map<String, String> env = new PlatformEnvironment(infra.kafkaBootstrapServers(),
                infra.uniqueName("ops") + ".", infra.newDatabase(), infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.uniqueName("images"), Path.of("../models/tiny-random").toAbsolutePath(), 0)
                .variables();
        platform = Platform.start(env);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyServiceIsLiveAndReadyOnItsOwnOperationsPort() {
        Map<String, Integer> ports = platform.operationsPorts();

        assertThat(ports).containsOnlyKeys("accounting-service", "storage-service", "webhook-service",
                "inference-service", "ingress-api");
        assertThat(ports.values()).doesNotHaveDuplicates().allMatch(port -> port > 0);
        ports.forEach((service, port) -> {
            assertThat(get(port, "/livez").statusCode()).as(service + " /livez").isEqualTo(200);
            HttpResponse<String> ready = com.genpicz.infra.Eventually.await(service + " ready",
                    java.time.Duration.ofSeconds(30), () -> get(port, "/readyz"), response -> response.statusCode() == 200);
            assertThat(ready.body()).contains("\"kafka\":\"ok\"");
        });
    }

    @Test
    void theNamedSeriesOfEveryServiceExistAndMoveWhenAGenerationRuns() {
        Map<String, List<Series>> named = Map.of(
                "ingress-api", List.of(new Series("http_server_requests_seconds_count",
                        "route=\"/v1/generate\"", "status=\"200\"")),
                "accounting-service", List.of(new Series("genpicz_accounting_decisions_total",
                        "decision=\"authorized\""), new Series("genpicz_accounting_debited_credits_total"),
                        handled("accounting")),
                "inference-service", List.of(new Series("genpicz_inference_images_total"),
                        new Series("genpicz_inference_sampling_seconds_count"),
                        new Series("genpicz_inference_queue_wait_seconds_count"),
                        new Series("genpicz_inference_batch_size_count"), handled("inference")),
                "storage-service", List.of(new Series("genpicz_storage_upload_seconds_count", "outcome=\"stored\""),
                        new Series("genpicz_storage_upload_size_bytes_sum"), handled("storage")),
                "webhook-service", List.of(handled("webhooks-subscriptions"), handled("webhooks")));
        Map<String, String> before = scrapeAll();

        runOneGeneration();

        Map<String, String> after = com.genpicz.infra.Eventually.await("every named series to move",
                java.time.Duration.ofSeconds(60), OperationsEndpointsTest::scrapeAll,
                scraped -> named.entrySet().stream().allMatch(entry -> entry.getValue().stream().allMatch(series ->
                        series.sum(scraped.get(entry.getKey())) > series.sum(before.get(entry.getKey())))));
        after.forEach((service, text) -> assertThat(text).as(service)
                .contains("jvm_memory_used_bytes{", "process_uptime_seconds{", "service=\"" + service + "\"",
                        "kafka_consumer_fetch_manager_records_lag_max{", "genpicz_consumer_handling_seconds_bucket{"));
    }

    private static Series handled(String loop) {
        return new Series("genpicz_consumer_records_total", "loop=\"" + loop + "\"", "outcome=\"handled\"");
    }

    private static void runOneGeneration() {
        Account account = platform.ingress().accountOpening().open("ops@example.com", Plan.PRO, 10);
        String key = platform.ingress().accounts().createApiKey(account.id(), "key_" + account.id().substring(5))
                .plaintext();
        ApiClient.Response response = new ApiClient("http://127.0.0.1:" + platform.ingress().port() + "/v1")
                .postJson("/generate", key, "{\"prompt\": \"a red circle on a blue background\"}");
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("completed");
    }

    private static Map<String, String> scrapeAll() {
        Map<String, String> scraped = new java.util.HashMap<>();
        platform.operationsPorts().forEach((service, port) -> {
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).as(service + " /metrics").isEqualTo(200);
            scraped.put(service, metrics.body());
        });
        return scraped;
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Prometheus series family, narrowed by label pairs; its value is the sum over the matching samples. */
    private record Series(String name, String... labels) {
        double sum(String scraped) {
            return scraped.lines().filter(line -> line.startsWith(name + "{"))
                    .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }
}
