package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every parameter of the reference's table, just inside and just outside its bounds, over real HTTPS. */
@ExtendWith(RealInfrastructure.class)
class GenerateParametersContractTest {

    private static final Map<String, String> ASYNC = Map.of("Prefer", "respond-async");

    private static IngressFixture ingress;
    private static ApiClient api;
    private static String key;

    @BeforeAll
    static void start(TestInfrastructure infra) {
        ingress = IngressFixture.start(infra);
        api = ingress.api();
        IngressFixture.Customer customer = ingress.newCustomer(Plan.ENTERPRISE, 1_000_000);
        ingress.accounts().changePlan(customer.account().id(), Plan.ENTERPRISE, 100_000);
        key = customer.key();
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    private static ApiClient.Response generate(String json) {
        return api.postJson("/generate", key, json, ASYNC);
    }

    private static void assertRefused(ApiClient.Response response, int status, String code, String param) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.body().path("error").path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("error").path("message").asText()).isNotBlank();
        if (param != null) {
            assertThat(response.body().path("error").path("param").asText()).isEqualTo(param);
        }
    }

    @Test
    void aMinimalRequestGetsEveryDefaultAndARandomSeedEchoedBack() {
        ApiClient.Response response = generate("{\"prompt\": \"a lighthouse\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("generation_id").asText()).matches("gen_[0-9A-Za-z]{14}");
        assertThat(response.body().get("status").asText()).isEqualTo("queued");
        assertThat(response.body().get("width").asInt()).isEqualTo(1024);
        assertThat(response.body().get("height").asInt()).isEqualTo(1024);
        assertThat(response.body().get("style").asText()).isEqualTo("auto");
        assertThat(response.body().get("quality").asText()).isEqualTo("hd");
        assertThat(response.body().get("seed").isIntegralNumber()).isTrue();
        assertThat(response.body().has("image_url")).isTrue();
        assertThat(response.body().get("image_url").isNull()).isTrue();
        assertThat(response.body().get("credits_used").asInt()).isEqualTo(1);
        assertThat(response.body().get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(response.header("Location")).isEqualTo("/v1/generations/" + response.body().get("generation_id").asText());
    }

    @Test
    void everyParameterSetExplicitlyIsEchoedBack() {
        ApiClient.Response response = generate("""
                {"prompt": "a fox", "style": "watercolor", "width": 512, "height": 1920, "quality": "ultra",
                 "negative_prompt": "blurry", "seed": 4294967295, "upscale": false}""");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("style").asText()).isEqualTo("watercolor");
        assertThat(response.body().get("width").asInt()).isEqualTo(512);
        assertThat(response.body().get("height").asInt()).isEqualTo(1920);
        assertThat(response.body().get("quality").asText()).isEqualTo("ultra");
        assertThat(response.body().get("negative_prompt").asText()).isEqualTo("blurry");
        assertThat(response.body().get("seed").asLong()).isEqualTo(4294967295L);
        assertThat(response.body().get("credits_used").asInt()).isEqualTo(2 * 1);
    }

    @Test
    void aPromptOfExactly1500CharactersIsAcceptedAnd1501IsRefused() {
        assertThat(generate("{\"prompt\": \"" + "a".repeat(1500) + "\"}").status()).isEqualTo(202);
        assertRefused(generate("{\"prompt\": \"" + "a".repeat(1501) + "\"}"), 400, "parameter_too_long", "prompt");
    }

    @Test
    void aNegativePromptOfExactly500CharactersIsAcceptedAnd501IsRefused() {
        assertThat(generate("{\"prompt\": \"x\", \"negative_prompt\": \"" + "n".repeat(500) + "\"}").status()).isEqualTo(202);
        assertRefused(generate("{\"prompt\": \"x\", \"negative_prompt\": \"" + "n".repeat(501) + "\"}"), 400,
                "parameter_too_long", "negative_prompt");
    }

    @Test
    void aMissingOrBlankPromptIsRefused() {
        assertRefused(generate("{}"), 400, "missing_parameter", "prompt");
        assertRefused(generate("{\"prompt\": \"   \"}"), 400, "missing_parameter", "prompt");
    }

    @ParameterizedTest(name = "size {0} is accepted")
    @ValueSource(ints = {512, 768, 1024, 1280, 1920})
    void everyAcceptedSizeIsAcceptedForWidthAndHeight(int size) {
        assertThat(generate("{\"prompt\": \"x\", \"width\": " + size + ", \"height\": " + size + "}").status())
                .isEqualTo(202);
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "width|511", "width|513", "width|2048", "width|0", "width|-1024", "width|1024.5", "width|\"1024\"",
            "height|767", "height|1921", "height|true"})
    void sizesOutsideTheListAreRefusedNamingTheParameter(String field, String value) {
        String json = "{\"prompt\": \"x\", \"" + field + "\": " + value + "}";
        assertRefused(generate(json), 400, "invalid_size", field);
    }

    @Test
    void qualityMustBeStandardHdOrUltra() {
        for (String quality : new String[] {"standard", "hd", "ultra"}) {
            assertThat(generate("{\"prompt\": \"x\", \"quality\": \"" + quality + "\"}").status()).isEqualTo(202);
        }
        assertRefused(generate("{\"prompt\": \"x\", \"quality\": \"HD\"}"), 400, "invalid_quality", "quality");
        assertRefused(generate("{\"prompt\": \"x\", \"quality\": 1}"), 400, "invalid_type", "quality");
    }

    @Test
    void styleMustBeOneOfTheListedStyles() {
        assertThat(generate("{\"prompt\": \"x\", \"style\": \"cinematic\"}").status()).isEqualTo(202);
        assertRefused(generate("{\"prompt\": \"x\", \"style\": \"baroque\"}"), 400, "invalid_style", "style");
    }

    @ParameterizedTest(name = "seed {0} is refused")
    @ValueSource(strings = {"-1", "4294967296", "1.5", "\"42\"", "true"})
    void seedsOutsideTheUnsigned32BitRangeOrNotIntegersAreRefused(String seed) {
        assertRefused(generate("{\"prompt\": \"x\", \"seed\": " + seed + "}"), 400, "invalid_seed", "seed");
    }

    @Test
    void theSmallestSeedIsAcceptedAndEchoed() {
        assertThat(generate("{\"prompt\": \"x\", \"seed\": 0}").body().get("seed").asLong()).isZero();
    }

    @Test
    void upscaleMustBeABoolean() {
        assertRefused(generate("{\"prompt\": \"x\", \"upscale\": \"yes\"}"), 400, "invalid_type", "upscale");
    }

    @Test
    void webhookUrlMustBeHttpsInProduction() {
        assertRefused(generate("{\"prompt\": \"x\", \"webhook_url\": \"http://example.com/hook\"}"), 400,
                "invalid_webhook_url", "webhook_url");
        assertRefused(generate("{\"prompt\": \"x\", \"webhook_url\": \"not a url\"}"), 400,
                "invalid_webhook_url", "webhook_url");
        ApiClient.Response accepted = api.postJson("/generate", key,
                "{\"prompt\": \"x\", \"webhook_url\": \"https://example.com/hook\"}");
        assertThat(accepted.status()).as("a webhook makes the call asynchronous").isEqualTo(202);
    }

    @Test
    void unknownFieldsAreRefusedNamingTheField() {
        assertRefused(generate("{\"prompt\": \"x\", \"widht\": 512}"), 400, "unknown_parameter", "widht");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        assertRefused(generate("{\"prompt\": [\"x\"]}"), 400, "invalid_type", "prompt");
        assertRefused(generate("{\"prompt\": \"x\", \"negative_prompt\": 7}"), 400, "invalid_type", "negative_prompt");
    }

    @Test
    void malformedJsonAndNonObjectBodiesAreRefused() {
        assertRefused(generate("{\"prompt\": "), 400, "invalid_json", null);
        assertRefused(generate("[1, 2]"), 400, "invalid_json", null);
        assertRefused(generate(""), 400, "invalid_json", null);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        ApiClient.Response response = api.postJson("/generate", key, "prompt=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertRefused(response, 415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        assertRefused(generate("{\"prompt\": \"x\", \"pad\": \"" + "p".repeat(70_000) + "\"}"), 413,
                "payload_too_large", null);
    }
}
