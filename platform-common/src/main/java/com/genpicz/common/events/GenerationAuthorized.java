package com.genpicz.common.events;

import java.time.Instant;

/** Credits were debited for the generation; inference may spend compute on it. */
public record GenerationAuthorized(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        GenerationSpec spec,
        int credits,
        String webhookUrl) implements GenerationEvent {
}
