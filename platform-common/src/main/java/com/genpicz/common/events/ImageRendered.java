package com.genpicz.common.events;

import java.time.Instant;

/**
 * Inference produced the image. The PNG travels inline (base64 in JSON) on a topic whose records may be up to
 * 16 MiB; see docs/architecture.md for why and for the size bound. {@code upscale} asks storage to enlarge it 4×
 * before storing (added within schema version 1: absent means false).
 */
public record ImageRendered(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        int width,
        int height,
        long seed,
        byte[] png,
        String webhookUrl,
        boolean upscale) implements GenerationEvent {
}
