package com.genpicz.ingress.accounts;

import java.time.Instant;

/** An account as the API sees it. {@code rateLimitOverride} is null unless an operator set one. */
public record Account(String id, String email, Plan plan, Integer rateLimitOverride, long credits,
                      String webhookSecret, Instant createdAt) {

    public int requestsPerMinute() {
        return rateLimitOverride != null ? rateLimitOverride : plan.defaultRequestsPerMinute();
    }
}
