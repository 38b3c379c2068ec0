package com.genpicz.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.accounting.AccountingConfig;
import com.genpicz.accounting.AccountingService;
import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.devstack.PlatformEnvironment;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.IngressConfig;
import com.genpicz.ingress.IngressService;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.storage.StorageConfig;
import com.genpicz.storage.StorageService;
import com.genpicz.webhook.WebhookConfig;
import com.genpicz.webhook.WebhookService;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault run's CI-sized slice: inference as two separate processes in one consumer group, one killed with -9
 * while it renders, a third joining; the rest of the pipeline real and in this JVM. Every accepted generation must
 * complete exactly once downstream — one status, one debit and no refund, one webhook.
 */
@ExtendWith(RealInfrastructure.class)
class InferenceFailoverTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int GENERATIONS = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RunningService> services = new ArrayList<>();
    private final List<ChildProcess> inference = new ArrayList<>();
    private final Map<String, AtomicInteger> webhooks = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> environment;
    private DatabaseCoordinates database;
    private IngressService ingress;
    private HttpServer receiver;
    private Path logs;

    @BeforeEach
    void startPipelineWithoutInference(TestInfrastructure infra) throws IOException {
        database = infra.newDatabase();
        environment = new PlatformEnvironment(infra.kafkaBootstrapServers(), infra.uniqueName("failover") + ".",
                database, infra.s3Endpoint(), infra.s3AccessKey(), infra.s3SecretKey(), infra.uniqueName("images"),
                Path.of("../models/tiny-random").toAbsolutePath(), 0).variables();
        environment.put("GENPICZ_WEBHOOK_RETRY_SCHEDULE", "PT1S,PT2S,PT5S");
        environment.put("GENPICZ_INFERENCE_THREADS", "1");
        services.add(AccountingService.start(AccountingConfig.from(new Env(environment))));
        services.add(StorageService.start(StorageConfig.from(new Env(environment))));
        services.add(WebhookService.start(WebhookConfig.from(new Env(environment))));
        ingress = IngressService.start(IngressConfig.from(new Env(environment)));
        services.add(ingress);
        logs = Files.createTempDirectory(Path.of("target"), "failover-logs");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            JsonNode payload = JSON.readTree(exchange.getRequestBody().readAllBytes());
            webhooks.computeIfAbsent(payload.path("generation_id").asText(), id -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        inference.forEach(ChildProcess::kill);
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        receiver.stop(0);
    }

    @Test
    void everyGenerationCompletesExactlyOnceWhenAnInferenceInstanceIsKilledMidBatchAndAnotherJoins()
            throws Exception {
        ChildProcess doomed = startInference(0);
        startInference(1);
        Account account = ingress.accountOpening().open("failover@example.com", Plan.ENTERPRISE, 1_000);
        String key = ingress.accounts().createApiKey(account.id(), com.genpicz.common.ids.Identifiers.apiKeyId())
                .plaintext();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < GENERATIONS; i++) {
            ids.add(generate(key, "{\"prompt\": \"a yellow star " + i + "\", \"width\": 1024, \"height\": 1024, "
                    + "\"quality\": \"ultra\", \"webhook_url\": \"" + hook + "\"}"));
        }

        Eventually.await("the first instance to be rendering", WAIT, () -> rendered(doomed) >= 2);
        assertThat(completed(ids)).as("work left when the instance dies").isLessThan(GENERATIONS);
        doomed.kill();
        startInference(2);

        Eventually.await("every generation completed", WAIT, () -> completed(ids) == GENERATIONS);
        Map<String, String> ledger = ledger(ids);
        assertThat(ledger).hasSize(GENERATIONS).allSatisfy((id, entries) -> assertThat(entries).isEqualTo("debit"));
        Eventually.await("one webhook each", WAIT, () -> ids.stream().allMatch(webhooks::containsKey));
        assertThat(ids).allSatisfy(id -> assertThat(webhooks.get(id).get()).as("webhooks of " + id).isEqualTo(1));
    }

    private ChildProcess startInference(int slot) {
        ChildProcess child = ChildProcess.start("inference-" + slot,
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-Dai.djl.offline=true"),
                ServiceKind.INFERENCE.mainClass(), List.of(), environment, logs.resolve("inference-" + slot + ".log"),
                ServiceKind.READY);
        inference.add(child);
        child.awaitReady(WAIT);
        return child;
    }

    private static long rendered(ChildProcess child) {
        try {
            return Files.readAllLines(child.logFile()).stream().filter(line -> line.contains("event=image_rendered"))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private String generate(String key, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingress.port() + "/v1/generate"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("generation_id").asText();
    }

    private long completed(List<String> ids) {
        return query("select count(*) from generations where status = 'completed' and id = any(?)", ids, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    /** Each generation's ledger entries in order, e.g. "debit" or "debit,refund". */
    private Map<String, String> ledger(List<String> ids) {
        return query("""
                select generation_id, string_agg(entry, ',' order by id) from credit_ledger
                where generation_id = any(?) group by generation_id""", ids, rows -> {
            Map<String, String> entries = new HashMap<>();
            while (rows.next()) {
                entries.put(rows.getString(1), rows.getString(2));
            }
            return entries;
        });
    }

    private <T> T query(String sql, List<String> ids, RowsReader<T> reader) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface RowsReader<T> {
        T read(ResultSet rows) throws Exception;
    }
}
