package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook endpoints ingress serves itself — secret rotation, the internal API webhook-service reads secrets from
 * — and how it guards the ones it forwards to webhook-service (the dev stack's end-to-end test runs them for real).
 */
@ExtendWith(RealInfrastructure.class)
class WebhookEndpointsContractTest {

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
    void rotatingTheSecretShowsTheNewOneOnceAndKeepsTheOldOneSigningForADay() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String old = customer.account().webhookSecret();

        ApiClient.Response rotated = api.postJson("/account/webhook-secret/rotate", customer.key(), "");

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        String fresh = rotated.body().get("webhook_secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(Instant.parse(rotated.body().get("previous_secret_valid_until").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(api.get("/account", customer.key()).body().get("webhook_secret").asText()).isEqualTo(fresh);
        JsonNode internal = internal("/internal/v1/accounts/" + customer.account().id() + "/webhook-secrets",
                IngressFixture.INTERNAL_TOKEN).body();
        assertThat(internal.get("current").asText()).isEqualTo(fresh);
        assertThat(internal.get("previous").asText()).isEqualTo(old);
    }

    @Test
    void theInternalApiWantsTheInternalTokenNotAnApiKeyOrTheAdminToken() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String path = "/internal/v1/accounts/" + customer.account().id() + "/webhook-secrets";

        assertThat(internal(path, null).status()).isEqualTo(401);
        assertThat(internal(path, customer.key()).status()).isEqualTo(401);
        assertThat(internal(path, IngressFixture.ADMIN_TOKEN).status()).isEqualTo(401);
        assertThat(internal(path, IngressFixture.INTERNAL_TOKEN).errorCode()).isNull();
        assertThat(internal("/internal/v1/accounts/acct_nobody/webhook-secrets", IngressFixture.INTERNAL_TOKEN)
                .status()).isEqualTo(404);
    }

    @Test
    void anOperatorCanRotateAnAccountsSecret() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);

        ApiClient.Response rotated = root.postJson("/admin/v1/accounts/" + customer.account().id()
                + "/webhook-secret/rotate", IngressFixture.ADMIN_TOKEN, "");

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().get("webhook_secret").asText()).isNotEqualTo(customer.account().webhookSecret());
    }

    @Test
    void theDeliveryLogOfAnotherAccountsGenerationIsNotFoundAndAnUnreachableWebhookServiceIs503() {
        IngressFixture.Customer owner = ingress.newCustomer(Plan.PRO, 10);
        IngressFixture.Customer stranger = ingress.newCustomer(Plan.PRO, 10);
        String id = api.postJson("/generate", owner.key(), "{\"prompt\": \"a kite\"}", Map.of("Prefer", "respond-async"))
                .body().get("generation_id").asText();

        ApiClient.Response foreign = api.get("/generations/" + id + "/webhook-deliveries", stranger.key());
        ApiClient.Response away = api.get("/generations/" + id + "/webhook-deliveries", owner.key());
        ApiClient.Response redeliver = api.postJson("/generations/" + id + "/webhook-deliveries/msg_x/redeliver",
                stranger.key(), "");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(redeliver.status()).isEqualTo(404);
        assertThat(away.status()).isEqualTo(503);
        assertThat(away.errorCode()).isEqualTo("service_unavailable");
        assertThat(away.header("X-RateLimit-Limit")).isNotNull();
    }

    private static ApiClient.Response internal(String path, String token) {
        return root.get(path, token);
    }
}
