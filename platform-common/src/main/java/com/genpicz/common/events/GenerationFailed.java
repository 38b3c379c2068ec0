package com.genpicz.common.events;

import java.time.Instant;

/** The generation will not complete; accounting refunds whatever was debited for it. */
public record GenerationFailed(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        String code,
        String message,
        String webhookUrl) implements GenerationEvent {
}
