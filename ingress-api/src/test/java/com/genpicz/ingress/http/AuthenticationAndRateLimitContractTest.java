package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import com.genpicz.infra.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bearer keys, revocation, per-key limits by plan with their headers, and one limit shared by two instances. */
@ExtendWith(RealInfrastructure.class)
class AuthenticationAndRateLimitContractTest {

    private static IngressFixture ingress;
    private static ApiClient api;

    @BeforeAll
    static void start(TestInfrastructure infra) {
        ingress = IngressFixture.start(infra);
        api = ingress.api();
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void aRequestWithoutAKeyGets401WithTheErrorObject() {
        ApiClient.Response response = api.get("/account", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("missing_api_key");
        assertThat(response.body().path("error").path("status").asInt()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void malformedUnknownAndRevokedKeysGet401() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        assertThat(api.get("/account", "gp_live_short").errorCode()).isEqualTo("invalid_api_key");
        assertThat(api.get("/account", "gp_live_" + "A".repeat(32)).errorCode()).isEqualTo("invalid_api_key");
        String sameLookupPrefix = customer.key().substring(0, 16) + "B".repeat(24);
        assertThat(api.get("/account", sameLookupPrefix).errorCode()).isEqualTo("invalid_api_key");
        assertThat(api.get("/account", customer.key()).status()).isEqualTo(200);

        String keyId = keyIdOf(customer);
        ApiClient.Response revoked = ingress.root().delete("/admin/v1/api-keys/" + keyId, IngressFixture.ADMIN_TOKEN);
        assertThat(revoked.status()).isEqualTo(200);

        assertThat(api.get("/account", customer.key()).errorCode()).isEqualTo("invalid_api_key");
    }

    @Test
    void aStarterKeyGetsTenRequestsAMinuteWithHeadersOnEveryAnswerThenTheReferences429() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.STARTER, 10);
        awaitPlentyOfTheMinuteLeft();
        ApiClient.Response last = null;
        for (int i = 1; i <= 10; i++) {
            last = api.get("/styles", customer.key());
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.header("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(last.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
        }
        long reset = Long.parseLong(last.header("X-RateLimit-Reset"));
        assertThat(Instant.ofEpochSecond(reset)).isEqualTo(Instant.ofEpochSecond(reset).truncatedTo(ChronoUnit.MINUTES));

        ApiClient.Response limited = api.get("/styles", customer.key());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("X-RateLimit-Reset")).isEqualTo(Long.toString(reset));
        assertThat(limited.body().toString()).isEqualTo(
                "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"You have exceeded 10 requests per minute.\",\"status\":429}}");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void eachPlanHasItsOwnLimit() {
        assertThat(api.get("/styles", ingress.newCustomer(Plan.PRO, 0).key()).header("X-RateLimit-Limit")).isEqualTo("30");
        assertThat(api.get("/styles", ingress.newCustomer(Plan.STUDIO, 0).key()).header("X-RateLimit-Limit")).isEqualTo("60");
        IngressFixture.Customer enterprise = ingress.newCustomer(Plan.ENTERPRISE, 0);
        ingress.accounts().changePlan(enterprise.account().id(), Plan.ENTERPRISE, 500);
        assertThat(api.get("/styles", enterprise.key()).header("X-RateLimit-Limit")).isEqualTo("500");
    }

    @Test
    void twoIngressInstancesShareOneLimit() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.STARTER, 10);
        try (IngressFixture second = ingress.secondInstance()) {
            ApiClient other = second.api();
            awaitPlentyOfTheMinuteLeft();
            int allowed = 0;
            for (int i = 0; i < 14; i++) {
                allowed += (i % 2 == 0 ? api : other).get("/styles", customer.key()).status() == 200 ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
        }
    }

    @Test
    void plainHttpIsRefusedInProductionButHealthChecksAnswer() {
        ApiClient plain = ingress.plainHttp();
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);

        ApiClient.Response refused = plain.get("/v1/account", customer.key());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("https_required");
        assertThat(plain.get("/healthz", null).status()).isEqualTo(200);
    }

    /** Windows are aligned to the UTC minute: start a counting test with enough of the minute left to finish in it. */
    private static void awaitPlentyOfTheMinuteLeft() {
        Eventually.await("at least 20 s left in the current minute", Duration.ofSeconds(25),
                () -> java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() < 40);
    }

    private static String keyIdOf(IngressFixture.Customer customer) {
        try (var connection = java.sql.DriverManager.getConnection(ingress.database().jdbcUrl(),
                ingress.database().user(), ingress.database().password());
             var query = connection.prepareStatement("select id from api_keys where account_id = ?")) {
            query.setString(1, customer.account().id());
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
