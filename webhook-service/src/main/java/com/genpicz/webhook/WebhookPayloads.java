package com.genpicz.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationFailed;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The JSON bodies customers receive, field for field as the API reference shows for generation.completed. */
public final class WebhookPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayloads() {
    }

    public static byte[] completed(GenerationCompleted event, Instant createdAt) {
        ObjectNode body = JSON.createObjectNode()
                .put("event", "generation.completed")
                .put("generation_id", event.generationId())
                .put("status", "completed")
                .put("image_url", event.imageUrl())
                .put("created_at", createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return bytes(body);
    }

    public static byte[] failed(GenerationFailed event, Instant createdAt) {
        ObjectNode body = JSON.createObjectNode()
                .put("event", "generation.failed")
                .put("generation_id", event.generationId())
                .put("status", "failed")
                .put("created_at", createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        body.putObject("error").put("code", event.code().wireName()).put("message", event.message());
        return bytes(body);
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
