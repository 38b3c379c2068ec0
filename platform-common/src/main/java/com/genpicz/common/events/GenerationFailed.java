package com.genpicz.common.events;

import com.genpicz.common.generations.FailureCode;
import java.time.Instant;

/** The generation will not complete; accounting refunds whatever was debited for it. */
public record GenerationFailed(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        FailureCode code,
        String message,
        String webhookUrl) implements GenerationEvent {
}
