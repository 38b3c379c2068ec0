package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.Plan;
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
                    java.time.Duration.ofSeconds(30), () -> get(port, "/readyz"),
                    response -> response.statusCode() == 200);
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

    @Test
    void everySeriesTheCommittedDashboardQueriesIsServedOnceAGenerationWithAWebhookRan() throws Exception {
        String dashboard = java.nio.file.Files.readString(
                Path.of("../deploy/monitoring/grafana/dashboards/genpicz.json"));
        java.util.Set<String> queried = new java.util.TreeSet<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile(
                "\\b((?:genpicz|http_server|kafka|jvm|process)_[a-z0-9_]+)").matcher(dashboard);
        while (names.find()) {
            queried.add(names.group(1));
        }
        assertThat(queried).hasSizeGreaterThan(10);
        com.sun.net.httpserver.HttpServer receiver = webhookReceiver();
        try {
            runOneGeneration(", \"webhook_url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"",
                    null);
            com.genpicz.infra.Eventually.await("every queried series served", java.time.Duration.ofSeconds(60),
                    () -> missing(queried, String.join("\n", scrapeAll().values())), List::isEmpty);
        } finally {
            receiver.stop(0);
        }
    }

    /** A receiver on loopback answering every webhook with 204, at {@code /hook}. */
    private static com.sun.net.httpserver.HttpServer webhookReceiver() throws IOException {
        return webhookReceiver(new java.util.concurrent.atomic.AtomicInteger());
    }

    /** The same, counting the webhooks in {@code received}. */
    private static com.sun.net.httpserver.HttpServer webhookReceiver(
            java.util.concurrent.atomic.AtomicInteger received) throws IOException {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            received.incrementAndGet();
        });
        receiver.start();
        return receiver;
    }

    private static List<String> missing(java.util.Set<String> names, String scraped) {
        return names.stream().filter(name -> !java.util.regex.Pattern.compile("(?m)^" + name + "[{ ]")
                .matcher(scraped).find()).toList();
    }

    @Test
    void oneGenerationIsOneTraceInTheLogsOfAllFiveServices() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        com.sun.net.httpserver.HttpServer receiver = webhookReceiver();
        try {
            String client = "4bf92f3577b34da6a3ce929d0e0e4736";
            String id = runOneGeneration(", \"webhook_url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\"", "00-" + client + "-00f067aa0ba902b7-01").id();

            Map<String, java.util.Set<String>> traces = com.genpicz.infra.Eventually.await(
                    "log lines of every service for " + id, java.time.Duration.ofSeconds(60),
                    () -> tracesByService(logs.list, id), found -> found.keySet().containsAll(List.of(
                            "ingress-api", "accounting-service", "inference-service", "storage-service",
                            "webhook-service")));
            assertThat(traces.values()).as("the trace ids each service logged for " + id)
                    .allSatisfy(ids -> assertThat(ids).containsExactly(client));
        } finally {
            receiver.stop(0);
            root.detachAppender(logs);
        }
    }

    @Test
    void oneGenerationWithAWebhookHasATimelineWithEveryStageOnlyItsAccountCanRead() throws Exception {
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer receiver = webhookReceiver(received);
        try {
            Run run = runOneGeneration(", \"webhook_url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\"", null);
            List<String> everyStage = List.of("relay", "authorize", "render", "sample", "store", "webhook");
            // Waiting on the receiver rather than polling the API keeps the account under its rate limit.
            com.genpicz.infra.Eventually.await("the webhook of " + run.id(), java.time.Duration.ofSeconds(60),
                    () -> received.get() > 0);
            com.fasterxml.jackson.databind.JsonNode timeline = com.genpicz.infra.Eventually.await(
                    "the timeline of " + run.id(), java.time.Duration.ofSeconds(60),
                    () -> timeline(run.id(), run.key()),
                    found -> stagesOf(found).containsAll(everyStage));

            assertThat(timeline.get("status").asText()).isEqualTo("completed");
            assertThat(stagesOf(timeline)).as("stages in the order they started").containsExactlyElementsOf(everyStage);
            for (com.fasterxml.jackson.databind.JsonNode stage : timeline.get("stages")) {
                java.time.Instant started = java.time.Instant.parse(stage.get("started_at").asText());
                java.time.Instant finished = java.time.Instant.parse(stage.get("finished_at").asText());
                assertThat(finished).as(stage.toString()).isAfterOrEqualTo(started);
                assertThat(stage.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
                assertThat(stage.get("instance").asText()).isNotBlank();
            }
            assertThat(timeline.get("total_ms").asLong()).isGreaterThanOrEqualTo(0);
            Run stranger = runOneGeneration("", null);
            assertThat(get(platform.ingress().port(), "/v1/generations/" + run.id() + "/timeline", stranger.key())
                    .statusCode()).as("another account's timeline").isEqualTo(404);
        } finally {
            receiver.stop(0);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode timeline(String id, String key) {
        HttpResponse<String> response = get(platform.ingress().port(), "/v1/generations/" + id + "/timeline", key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stagesOf(com.fasterxml.jackson.databind.JsonNode timeline) {
        List<String> stages = new java.util.ArrayList<>();
        timeline.get("stages").forEach(stage -> stages.add(stage.get("stage").asText()));
        return stages;
    }

    /** The trace ids in the logging context of the lines about {@code generationId}, by the service that wrote them. */
    private static Map<String, java.util.Set<String>> tracesByService(
            List<ch.qos.logback.classic.spi.ILoggingEvent> events, String generationId) {
        Map<String, java.util.Set<String>> traces = new java.util.TreeMap<>();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : List.copyOf(events)) {
            Map<String, String> mdc = event.getMDCPropertyMap();
            boolean about = generationId.equals(mdc.get("generation_id"))
                    || event.getFormattedMessage().contains(generationId);
            if (about && mdc.get("trace_id") != null) {
                traces.computeIfAbsent(serviceOf(event.getLoggerName()), ignored -> new java.util.TreeSet<>())
                        .add(mdc.get("trace_id"));
            }
        }
        return traces;
    }

    private static String serviceOf(String logger) {
        for (String service : List.of("ingress", "accounting", "inference", "storage", "webhook")) {
            if (logger.startsWith("com.genpicz." + service + ".")) {
                return service.equals("ingress") ? "ingress-api" : service + "-service";
            }
        }
        return "platform (" + logger + ")";
    }

    private static Series handled(String loop) {
        return new Series("genpicz_consumer_records_total", "loop=\"" + loop + "\"", "outcome=\"handled\"");
    }

    private static void runOneGeneration() {
        runOneGeneration("", null);
    }

    /** One generation's id and the key of the account it belongs to. */
    private record Run(String id, String key) {
    }

    /** A generation with {@code extraFields} in its body and a client {@code traceparent}, on a new account. */
    private static Run runOneGeneration(String extraFields, String traceparent) {
        Account account = platform.ingress().accountOpening().open(
                "ops-" + com.genpicz.common.ids.Identifiers.base62(6) + "@example.com", Plan.PRO, 10);
        String key = platform.ingress().accounts().createApiKey(account.id(), "key_" + account.id().substring(5))
                .plaintext();
        String body = "{\"prompt\": \"a red circle on a blue background\"" + extraFields + "}";
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + platform.ingress().port() + "/v1/generate"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (traceparent != null) {
                request.header("traceparent", traceparent);
            }
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (extraFields.isEmpty()) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"completed\"");
        } else {
            // With a webhook the answer comes at once (202); the webhook brings the outcome.
            assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        }
        return new Run(response.body().replaceAll("(?s).*\"generation_id\":\"(gen_[0-9A-Za-z]+)\".*", "$1"), key);
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
        return get(port, path, null);
    }

    private static HttpResponse<String> get(int port, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
