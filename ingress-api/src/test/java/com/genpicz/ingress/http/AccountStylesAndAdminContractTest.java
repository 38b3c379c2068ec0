package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Styles with example images, the account endpoint, the admin API, and the OpenAPI document. */
@ExtendWith(RealInfrastructure.class)
class AccountStylesAndAdminContractTest {

    private static final String ADMIN = IngressFixture.ADMIN_TOKEN;

    private static IngressFixture ingress;
    private static ApiClient api;
    private static ApiClient root;

    @BeforeAll
    static void start(TestInfrastructure infra) {
        ingress = IngressFixture.start(infra);
        api = ingress.api();
        root = ingress.root();
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void stylesListEveryPresetWithAnExampleImageThatServesARealPng() throws Exception {
        JsonNode styles = api.get("/styles", ingress.newCustomer(Plan.PRO, 0).key()).body().get("data");

        assertThat(styles).hasSize(StyleCatalog.all().size());
        for (JsonNode style : styles) {
            assertThat(style.get("id").asText()).isNotBlank();
            assertThat(style.get("name").asText()).isNotBlank();
            assertThat(style.get("description").asText()).isNotBlank();
            HttpResponse<byte[]> image = root.fetch(style.get("example_url").asText());
            assertThat(image.statusCode()).as(style.get("example_url").asText()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(ImageIO.read(new ByteArrayInputStream(image.body())).getWidth()).isPositive();
        }
    }

    @Test
    void theAccountShowsPlanCreditsLimitAndThisMonthsUsage() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.STUDIO, 25);
        api.postJson("/generate", customer.key(), "{\"prompt\": \"x\"}", Map.of("Prefer", "respond-async"));

        JsonNode account = api.get("/account", customer.key()).body();

        assertThat(account.get("account_id").asText()).isEqualTo(customer.account().id());
        assertThat(account.get("plan").asText()).isEqualTo("studio");
        assertThat(account.get("credits").asLong()).isEqualTo(25);
        assertThat(account.get("rate_limit_per_minute").asInt()).isEqualTo(60);
        assertThat(account.get("webhook_secret").asText()).startsWith("whsec_");
        assertThat(account.at("/usage/generations").asLong()).isEqualTo(1);
        assertThat(account.at("/usage/in_progress").asLong()).isEqualTo(1);
        assertThat(account.at("/usage/period_start").asText()).endsWith("-01T00:00:00Z");
    }

    @Test
    void anOperatorCreatesAnAccountAndAKeyThatWorksThenChangesThePlanAndRevokesTheKey() {
        ApiClient.Response created = root.postJson("/admin/v1/accounts", ADMIN,
                "{\"email\": \"new-customer@example.com\", \"plan\": \"starter\"}");
        assertThat(created.status()).isEqualTo(201);
        String accountId = created.body().get("account_id").asText();

        ApiClient.Response key = root.postJson("/admin/v1/accounts/" + accountId + "/api-keys", ADMIN, "");
        assertThat(key.status()).isEqualTo(201);
        String apiKey = key.body().get("api_key").asText();
        assertThat(apiKey).matches("gp_live_[0-9A-Za-z]{32}");
        assertThat(api.get("/account", apiKey).body().get("credits").asLong()).isZero();

        ApiClient.Response upgraded = root.patchJson("/admin/v1/accounts/" + accountId, ADMIN, "{\"plan\": \"pro\"}");
        assertThat(upgraded.body().get("plan").asText()).isEqualTo("pro");
        assertThat(api.get("/styles", apiKey).header("X-RateLimit-Limit")).isEqualTo("30");

        assertThat(root.delete("/admin/v1/api-keys/" + key.body().get("key_id").asText(), ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/account", apiKey).status()).isEqualTo(401);
    }

    /** Credits are accounting's (granting them end to end: dev-stack's GenerationPipelineEndToEndTest). */
    @Test
    void creditsCannotBeGrantedWhileAccountingIsUnreachableAndTheAnswerSaysWhatStands() {
        ApiClient.Response created = root.postJson("/admin/v1/accounts", ADMIN,
                "{\"email\": \"no-accounting@example.com\", \"plan\": \"pro\", \"credits\": 5}");
        assertThat(created.status()).isEqualTo(503);
        assertThat(created.errorCode()).isEqualTo("service_unavailable");
        String accountId = ingress.accounts().findByEmail("no-accounting@example.com").orElseThrow().id();
        assertThat(created.body().at("/error/message").asText()).contains(accountId + " was created");

        ApiClient.Response granted = root.postJson("/admin/v1/accounts/" + accountId + "/credits", ADMIN,
                "{\"amount\": 100}");
        assertThat(granted.status()).isEqualTo(503);
        assertThat(ingress.accounts().find(accountId).orElseThrow().credits()).isZero();
    }

    @Test
    void theAdminApiRefusesWrongTokensAndBadInput() {
        assertThat(root.postJson("/admin/v1/accounts", "wrong-token", "{}").status()).isEqualTo(401);
        assertThat(root.postJson("/admin/v1/accounts", null, "{}").status()).isEqualTo(401);
        String customerKey = ingress.newCustomer(Plan.PRO, 1).key();
        assertThat(root.postJson("/admin/v1/accounts", customerKey, "{}").status()).isEqualTo(401);

        assertThat(root.postJson("/admin/v1/accounts", ADMIN, "{\"email\": \"a@b.c\", \"plan\": \"gold\"}").errorCode())
                .isEqualTo("invalid_plan");
        assertThat(root.postJson("/admin/v1/accounts", ADMIN, "{\"plan\": \"pro\"}").errorCode())
                .isEqualTo("missing_parameter");
        assertThat(root.postJson("/admin/v1/accounts/acct_missing/api-keys", ADMIN, "").status()).isEqualTo(404);
        root.postJson("/admin/v1/accounts", ADMIN, "{\"email\": \"twice@example.com\", \"plan\": \"pro\"}");
        assertThat(root.postJson("/admin/v1/accounts", ADMIN, "{\"email\": \"twice@example.com\", \"plan\": \"pro\"}")
                .status()).isEqualTo(409);
    }

    @Test
    void theOpenApiDocumentDescribesExactlyThePublicRoutesTheServerHas() throws Exception {
        ApiClient.Response document = api.get("/openapi.json", null);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().get("openapi").asText()).isEqualTo("3.1.0");

        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.body().get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method ->
                    documented.add(method.toUpperCase() + " " + path.getKey().replaceAll("\\{[^}]+}", "{}")));
        }
        Set<String> served = new HashSet<>();
        for (String route : ingress.apiRoutes()) {
            if (route.contains(" /v1/")) {
                served.add(route.replaceAll("\\{[^}]+}", "{}"));
            }
        }
        assertThat(documented).isEqualTo(served);
        new ObjectMapper().readTree(document.raw().body());
    }
}
