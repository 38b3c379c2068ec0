package com.genpicz.webhook;

import java.time.Instant;

/**
 * One attempt's worth of a webhook: the exact bytes are fixed when it is queued, so every attempt sends and signs
 * the same body under the same id.
 *
 * @param id        the {@code webhook-id} receivers de-duplicate on, stable across attempts and redeliveries
 * @param attempt   which attempt this lease is for, counting from 1
 * @param queuedAt  when the outcome happened: the start of the delivery's latency
 */
public record Delivery(String id, String generationId, String accountId, String eventType, String url, String host,
                       byte[] payload, int attempt, Instant queuedAt) {

    static String idFor(String generationId, String eventType) {
        return "msg_" + generationId + "_" + eventType;
    }
}
