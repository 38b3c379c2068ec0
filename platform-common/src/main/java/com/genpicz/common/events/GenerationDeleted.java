package com.genpicz.common.events;

import java.time.Instant;

/** The customer deleted the generation; storage removes its image. */
public record GenerationDeleted(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        String objectKey) implements GenerationEvent {
}
