package com.genpicz.common.events;

import java.time.Instant;

/** The API accepted a generation; accounting decides whether the account can pay for it. */
public record GenerationRequested(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        GenerationSpec spec,
        int credits,
        String webhookUrl) implements GenerationEvent {
}
