package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCompletedGenerationIsReportedWithExactlyTheFieldsOfTheApiReference() throws Exception {
        GenerationCompleted completed = new GenerationCompleted("ev", "gen_Kz9mN4pQr2xTvW", TestEvents.ACCOUNT,
                Instant.parse("2025-06-01T10:33:10Z"), "https://cdn.genpicz.com/gen/Kz9mN4pQr2xTvW.png",
                "gen/Kz9mN4pQr2xTvW.png", 1024, 1024, "https://example.com/hook");

        JsonNode body = json.readTree(WebhookPayloads.completed(completed, Instant.parse("2025-06-01T10:32:44.987Z")));

        assertThat(fieldNames(body)).containsExactly("event", "generation_id", "status", "image_url", "created_at");
        assertThat(body).isEqualTo(json.readTree("""
                {
                "event": "generation.completed",
                "generation_id": "gen_Kz9mN4pQr2xTvW",
                "status": "completed",
                "image_url": "https://cdn.genpicz.com/gen/Kz9mN4pQr2xTvW.png",
                "created_at": "2025-06-01T10:32:44Z"
                }"""));
    }

    @Test
    void aFailedGenerationCarriesItsErrorCodeAndMessage() throws Exception {
        GenerationFailed failed = new GenerationFailed("ev", "gen_Kz9mN4pQr2xTvW", TestEvents.ACCOUNT, Instant.now(),
                FailureCode.INSUFFICIENT_CREDITS, "The account has too few credits.", "https://example.com/hook");

        JsonNode body = json.readTree(WebhookPayloads.failed(failed, Instant.parse("2025-06-01T10:32:44Z")));

        assertThat(body).isEqualTo(json.readTree("""
                {
                "event": "generation.failed",
                "generation_id": "gen_Kz9mN4pQr2xTvW",
                "status": "failed",
                "created_at": "2025-06-01T10:32:44Z",
                "error": {"code": "insufficient_credits", "message": "The account has too few credits."}
                }"""));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
