package com.genpicz.webhook;

/** One webhook to send: the exact bytes are fixed when it is queued, so every retry sends and signs the same body. */
public record Delivery(String generationId, String eventType, String url, byte[] payload, int attempts, String secret) {

    /** Stable across retries, so receivers can de-duplicate. */
    public String messageId() {
        return "msg_" + generationId + "_" + eventType;
    }
}
