package com.genpicz.common.events;

import java.time.Instant;

/** The image is stored and publicly readable at {@code imageUrl}. */
public record GenerationCompleted(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        String imageUrl,
        String objectKey,
        int width,
        int height,
        String webhookUrl) implements GenerationEvent {
}
