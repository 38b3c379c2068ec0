package com.genpicz.webhook;

import java.time.Instant;

/** A generation that asked for a webhook: where to send it, whose secret signs it, and when it was created. */
record Subscription(String generationId, String accountId, String url, Instant generationCreatedAt) {
}
