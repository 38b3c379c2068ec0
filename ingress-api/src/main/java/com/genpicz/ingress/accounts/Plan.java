package com.genpicz.ingress.accounts;

import java.util.Locale;
import java.util.Optional;

/** Subscription plans and their per-key request limits per minute; Enterprise limits are set per account. */
public enum Plan {
    STARTER(10),
    PRO(30),
    STUDIO(60),
    ENTERPRISE(120);

    private final int defaultRequestsPerMinute;

    Plan(int defaultRequestsPerMinute) {
        this.defaultRequestsPerMinute = defaultRequestsPerMinute;
    }

    public int defaultRequestsPerMinute() {
        return defaultRequestsPerMinute;
    }

    public boolean allowsUpscale() {
        return this == STUDIO || this == ENTERPRISE;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Plan> fromId(String id) {
        for (Plan plan : values()) {
            if (plan.id().equals(id)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }
}
