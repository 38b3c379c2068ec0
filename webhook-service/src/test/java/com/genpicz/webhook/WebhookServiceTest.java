package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * webhook-service between real topics, a real database, a real receiver and an HTTP stand-in for ingress's internal
 * API (the dev stack's end-to-end test runs the real one): subscription from the request, one delivery for a
 * redelivered completion, signed with the secret read over HTTP, the internal delivery-log API and the metrics.
 */
@ExtendWith(RealInfrastructure.class)
class WebhookServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "test-internal-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCompletedGenerationReachesTheCustomerOnceSignedWithTheSecretFromIngressAndShowsInTheDeliveryLogAndTheMetrics(
            TestInfrastructure infra) throws Exception {
        DatabaseCoordinates db = infra.newDatabase();
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("webhook-svc") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        AtomicInteger secretReads = new AtomicInteger();
        HttpServer ingress = secretsEndpoint(secretReads);
        WebhookConfig config = new WebhookConfig(kafka, WebhookTables.config(db), false, Duration.ofSeconds(5),
                List.of(Duration.ofMillis(200)), 64, 8, 0, TOKEN,
                List.of("http://127.0.0.1:" + ingress.getAddress().getPort()),
                com.genpicz.common.config.OperationsConfig.anyFreePort());
        HttpClient http = HttpClient.newHttpClient();

        try (WebhookService service = WebhookService.start(config);
             EventPublisher publisher = new EventPublisher(KafkaClients.producer(kafka, "test"), new EventCodec());
             WebhookReceiver receiver = new WebhookReceiver()) {
            String generation = TestEvents.newGenerationId();
            GenerationRequested requested = TestEvents.requested(generation, TestEvents.SPEC, receiver.url("/genpicz"));
            GenerationCompleted completed = TestEvents.completed(generation, receiver.url("/genpicz"));

            publisher.publishAndWait(topics.generationRequested(), requested);
            publisher.publishAndWait(topics.generationOutcomes(), completed);
            publisher.publishAndWait(topics.generationOutcomes(), completed);

            Eventually.await("the delivery", WAIT, () -> receiver.requests().size() == 1);
            JsonNode body = JSON.readTree(receiver.requests().get(0).body());
            assertThat(body.get("generation_id").asText()).isEqualTo(generation);
            assertThat(body.get("image_url").asText()).isEqualTo(completed.imageUrl());
            assertThat(body.get("created_at").asText())
                    .isEqualTo(requested.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            assertThat(receiver.requests().get(0).header("X-GenPicz-Signature")).isEqualTo(
                    java.util.HexFormat.of().formatHex(hmac(WebhookTables.SECRET, receiver.requests().get(0).body())));
            assertThat(secretReads.get()).isPositive();

            String log = "http://127.0.0.1:" + service.apiPort() + "/internal/v1/generations/" + generation
                    + "/webhook-deliveries?account_id=" + TestEvents.ACCOUNT;
            JsonNode deliveries = Eventually.await("the delivery log", WAIT, () -> read(http, log, TOKEN),
                    page -> page.path("data").path(0).path("status").asText().equals("delivered"));
            assertThat(deliveries.path("data")).hasSize(1);
            assertThat(deliveries.path("data").path(0).path("attempt_log").path(0).path("status_code").asInt())
                    .isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(log)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("without the internal token").isEqualTo(401);
            assertThat(read(http, log.replace(TestEvents.ACCOUNT, "acct_SomebodyElse0001"), TOKEN).path("data"))
                    .as("another account's view").isEmpty();
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + service.operationsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("genpicz_webhook_attempts_total\\{[^}]*outcome=\"delivered\"[^}]*} 1.0")
                    .containsPattern("genpicz_webhook_first_attempt_delay_seconds_count\\{[^}]*} 1")
                    .contains("genpicz_webhook_delivery_delay_seconds_bucket{", "genpicz_webhook_in_flight{",
                            "genpicz_webhook_due_backlog{", "service=\"webhook-service\"",
                            "genpicz_consumer_records_total{", "kafka_consumer_fetch_manager_records_lag_max{");
            assertThat(service.failure()).isNotDone();
        } finally {
            ingress.stop(0);
        }
    }

    /** What ingress's internal API answers for every account: the test secret. */
    private static HttpServer secretsEndpoint(AtomicInteger reads) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/accounts/", exchange -> {
            try (exchange) {
                boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("{\"current\":\"" + WebhookTables.SECRET + "\",\"previous\":null,\"previous_until\":null}")
                        .getBytes(StandardCharsets.UTF_8);
                if (!authorized) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                reads.incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    private static JsonNode read(HttpClient http, String url, String token) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String secret, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body);
    }
}
