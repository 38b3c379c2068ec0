package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountOpening;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path with every hop real: HTTP → PostgreSQL → Kafka → accounting → inference (libtorch) → S3 →
 * completion → HTTP, plus refunds and webhooks.
 */
@ExtendWith(RealInfrastructure.class)
class GenerationPipelineEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Platform platform;
    private static ApiClient api;
    private static AccountStore accounts;
    private static AccountOpening opening;
    private static DatabaseCoordinates database;
    private static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";

    @BeforeAll
    static void startPlatform(TestInfrastructure infra) {
        database = infra.newDatabase();
        Map<String, String> env = new PlatformEnvironment(infra.kafkaBootstrapServers(),
                infra.uniqueName("e2e") + ".", database, infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.uniqueName("images"), Path.of("../models/tiny-random").toAbsolutePath(), 0)
                .variables();
        env.put("GENPICZ_WEBHOOK_RETRY_SCHEDULE", "PT1S,PT2S,PT5S");
        env.put("GENPICZ_ADMIN_TOKEN", ADMIN_TOKEN);
        platform = Platform.start(env);
        api = new ApiClient("http://127.0.0.1:" + platform.ingress().port() + "/v1");
        accounts = platform.ingress().accounts();
        opening = platform.ingress().accountOpening();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theReferenceCurlExampleReturnsACompletedGenerationWhosePublicImageUrlServesAPngOfTheRequestedSize() throws Exception {
        Account account = opening.open("e2e-sync@example.com", Plan.PRO, 100);
        String key = newKey(account);

        ApiClient.Response response = api.postJson("/generate", key, """
                { "prompt": "a neon samurai in a cyberpunk city, cinematic lighting", "style": "cinematic",
                  "width": 768, "height": 512 }""");

        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("generation_id").asText()).matches("gen_[0-9A-Za-z]{14}");
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("width").asInt()).isEqualTo(768);
        assertThat(body.get("height").asInt()).isEqualTo(512);
        assertThat(body.get("style").asText()).isEqualTo("cinematic");
        assertThat(body.get("seed").isIntegralNumber()).isTrue();
        assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(body.get("credits_used").asInt()).isEqualTo(1);

        HttpResponse<byte[]> image = api.fetch(body.get("image_url").asText());
        assertThat(image.statusCode()).isEqualTo(200);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(png.getWidth()).isEqualTo(768);
        assertThat(png.getHeight()).isEqualTo(512);

        String id = body.get("generation_id").asText();
        Eventually.await("the stored generation to be completed", PIPELINE,
                () -> api.get("/generations/" + id, key).body().path("status").asText().equals("completed"));
        Eventually.await("one credit debited", PIPELINE, () -> accounts.find(account.id()).orElseThrow().credits() == 99);
        assertThat(ledgerEntries(id)).isEqualTo("debit");
    }

    @Test
    void anOperatorOpensAnAccountWithCreditsAndARetriedGrantWithTheSameIdempotencyKeyIsAppliedOnce() {
        ApiClient admin = new ApiClient("http://127.0.0.1:" + platform.ingress().port());
        ApiClient.Response created = admin.postJson("/admin/v1/accounts", ADMIN_TOKEN,
                "{\"email\": \"e2e-admin@example.com\", \"plan\": \"pro\", \"credits\": 5}");
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().get("credits").asLong()).isEqualTo(5);
        String grants = "/admin/v1/accounts/" + created.body().get("account_id").asText() + "/credits";
        Map<String, String> key = Map.of("Idempotency-Key", "bonus-2026-12");

        ApiClient.Response first = admin.postJson(grants, ADMIN_TOKEN, "{\"amount\": 100}", key);
        ApiClient.Response retried = admin.postJson(grants, ADMIN_TOKEN, "{\"amount\": 100}", key);
        ApiClient.Response another = admin.postJson(grants, ADMIN_TOKEN, "{\"amount\": 100}");

        assertThat(first.body().get("credits").asLong()).isEqualTo(105);
        assertThat(retried.body().get("credits").asLong()).isEqualTo(105);
        assertThat(another.body().get("credits").asLong()).isEqualTo(205);
    }

    @Test
    void aStudioUpscaleIsStoredAtFourTimesTheRequestedSizeAndChargedOnce() throws Exception {
        Account account = opening.open("e2e-upscale@example.com", Plan.STUDIO, 50);
        String key = newKey(account);

        ApiClient.Response response = api.postJson("/generate", key,
                "{\"prompt\": \"a red circle\", \"width\": 512, \"height\": 768, \"upscale\": true}");

        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        assertThat(response.body().get("status").asText()).isEqualTo("completed");
        assertThat(response.body().get("upscale").asBoolean()).isTrue();
        assertThat(response.body().get("credits_used").asInt()).isEqualTo(5);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(api.fetch(response.body().get("image_url").asText()).body()));
        assertThat(png.getWidth()).isEqualTo(2048);
        assertThat(png.getHeight()).isEqualTo(3072);
        String id = response.body().get("generation_id").asText();
        Eventually.await("five credits debited", PIPELINE, () -> accounts.find(account.id()).orElseThrow().credits() == 45);
        assertThat(ledgerEntries(id)).isEqualTo("debit");
        // The month's credits come from accounting's usage projection (Kafka Streams → usage.v1 → ingress).
        Eventually.await("five credits in this month's usage", PIPELINE,
                () -> api.get("/account", key).body().at("/usage/credits_used").asLong() == 5);
    }

    @Test
    void anAccountThatCannotPayIsRefusedWith402AndTheErrorObject() {
        Account account = opening.open("e2e-broke@example.com", Plan.STARTER, 0);

        ApiClient.Response response = api.postJson("/generate", newKey(account), "{\"prompt\": \"a blue square\"}");

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.errorCode()).isEqualTo("insufficient_credits");
        assertThat(response.body().path("error").path("status").asInt()).isEqualTo(402);
    }

    @Test
    void anAsynchronousGenerationIsAnsweredAtOnceAndDeliversAWebhookSignedWithTheAccountSecret() throws Exception {
        Account account = opening.open("e2e-webhook@example.com", Plan.PRO, 20);
        String key = newKey(account);
        BlockingQueue<Map.Entry<String, byte[]>> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            received.add(Map.entry(exchange.getRequestHeaders().getFirst("X-GenPicz-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            ApiClient.Response response = api.postJson("/generate", key,
                    "{\"prompt\": \"a yellow star\", \"width\": 512, \"height\": 512, \"webhook_url\": \"" + hook + "\"}");

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.body().get("status").asText()).isEqualTo("queued");
            Map.Entry<String, byte[]> delivery = received.poll(PIPELINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(delivery).as("a webhook delivery").isNotNull();
            assertThat(delivery.getKey()).isEqualTo(hmacHex(account.webhookSecret(), delivery.getValue()));
            JsonNode payload = JSON.readTree(delivery.getValue());
            assertThat(payload.get("event").asText()).isEqualTo("generation.completed");
            assertThat(payload.get("generation_id").asText()).isEqualTo(response.body().get("generation_id").asText());
            assertThat(payload.get("status").asText()).isEqualTo("completed");
            assertThat(payload.get("image_url").asText()).endsWith(".png");
            assertThat(payload.get("created_at").asText()).isEqualTo(response.body().get("created_at").asText());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aCustomerRotatesTheSecretReadsTheDeliveryLogAndHasAWebhookSentAgain() throws Exception {
        Account account = opening.open("e2e-rotation@example.com", Plan.PRO, 20);
        String key = newKey(account);
        String stranger = newKey(opening.open("e2e-rotation-stranger@example.com", Plan.PRO, 20));
        BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.of("id", exchange.getRequestHeaders().getFirst("webhook-id"),
                    "timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    "reference", exchange.getRequestHeaders().getFirst("X-GenPicz-Signature"),
                    "standard", exchange.getRequestHeaders().getFirst("webhook-signature"),
                    "body", new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            ApiClient.Response rotated = api.postJson("/account/webhook-secret/rotate", key, "");
            String fresh = rotated.body().get("webhook_secret").asText();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            String id = api.postJson("/generate", key, "{\"prompt\": \"a green square\", \"width\": 512, "
                    + "\"height\": 512, \"webhook_url\": \"" + hook + "\"}").body().get("generation_id").asText();

            Map<String, String> first = received.poll(PIPELINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).as("a webhook delivery").isNotNull();
            byte[] body = first.get("body").getBytes(StandardCharsets.UTF_8);
            assertThat(first.get("reference")).isEqualTo(hmacHex(fresh, body));
            assertThat(first.get("standard").split(" ")).as("both secrets sign during the overlap").containsExactly(
                    standardSignature(fresh, first.get("id"), first.get("timestamp"), body),
                    standardSignature(account.webhookSecret(), first.get("id"), first.get("timestamp"), body));

            JsonNode log = Eventually.await("the delivery in the log", PIPELINE,
                    () -> api.get("/generations/" + id + "/webhook-deliveries", key).body(),
                    page -> page.path("data").path(0).path("status").asText().equals("delivered"));
            JsonNode delivery = log.get("data").get(0);
            assertThat(delivery.get("delivery_id").asText()).isEqualTo(first.get("id"));
            assertThat(delivery.get("attempt_log").get(0).get("status_code").asInt()).isEqualTo(204);
            assertThat(api.get("/generations/" + id + "/webhook-deliveries", stranger).status()).isEqualTo(404);

            ApiClient.Response again = api.postJson("/generations/" + id + "/webhook-deliveries/"
                    + first.get("id") + "/redeliver", key, "");
            assertThat(again.status()).isEqualTo(202);
            Map<String, String> second = received.poll(PIPELINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(second).as("the redelivery").isNotNull();
            assertThat(second.get("id")).isEqualTo(first.get("id"));
            assertThat(second.get("body")).isEqualTo(first.get("body"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void oneAccountCannotSeeAnotherAccountsGeneration() {
        String ownerKey = newKey(opening.open("e2e-owner@example.com", Plan.PRO, 10));
        String strangerKey = newKey(opening.open("e2e-stranger@example.com", Plan.PRO, 10));
        ApiClient.Response created = api.postJson("/generate", ownerKey, "{\"prompt\": \"a green hill\"}",
                Map.of("Prefer", "respond-async"));
        String id = created.body().get("generation_id").asText();

        assertThat(api.get("/generations/" + id, ownerKey).status()).isEqualTo(200);
        ApiClient.Response stranger = api.get("/generations/" + id, strangerKey);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.errorCode()).isEqualTo("not_found");
    }

    private static String newKey(Account account) {
        return accounts.createApiKey(account.id(), "key_" + account.id().substring(5)).plaintext();
    }

    /** The ledger entries of one generation, in order, e.g. "debit,refund". */
    private static String ledgerEntries(String generationId) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             PreparedStatement query = connection.prepareStatement(
                     "select string_agg(entry, ',' order by id) from credit_ledger where generation_id = ?")) {
            query.setString(1, generationId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return String.valueOf(rows.getString(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String standardSignature(String secret, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())),
                "HmacSHA256"));
        byte[] content = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        return "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(content));
    }

    private static String hmacHex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
