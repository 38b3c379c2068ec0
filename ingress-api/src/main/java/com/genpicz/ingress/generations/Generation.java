package com.genpicz.ingress.generations;

import com.genpicz.common.events.GenerationSpec;
import java.time.Instant;

/** A generation as stored in the generations table. */
public record Generation(
        String id,
        String accountId,
        String status,
        GenerationSpec spec,
        String webhookUrl,
        int creditsUsed,
        String imageUrl,
        String objectKey,
        String failureCode,
        String failureMessage,
        Instant createdAt,
        Instant finishedAt) {

    public boolean isFinished() {
        return status.equals("completed") || status.equals("failed");
    }

    public Generation completed(String url, String key, Instant at) {
        return new Generation(id, accountId, "completed", spec, webhookUrl, creditsUsed, url, key, null, null,
                createdAt, at);
    }

    public Generation failed(String code, String message, Instant at) {
        return new Generation(id, accountId, "failed", spec, webhookUrl, creditsUsed, null, null, code, message,
                createdAt, at);
    }
}
