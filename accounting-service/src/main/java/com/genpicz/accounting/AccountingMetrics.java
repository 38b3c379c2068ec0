package com.genpicz.accounting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * What accounting decided: debit decisions by result (a redelivered request is decided again, with the same
 * result, and counted again), credits debited, and refunds with the credits they gave back.
 */
final class AccountingMetrics {

    private final Map<DebitDecision, Counter> decisions = new EnumMap<>(DebitDecision.class);
    private final Counter debitedCredits;
    private final Counter refunds;
    private final Counter refundedCredits;

    AccountingMetrics(MeterRegistry registry) {
        for (DebitDecision decision : DebitDecision.values()) {
            decisions.put(decision, Counter.builder("genpicz.accounting.decisions")
                    .tag("decision", decision.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Debit decisions on requested generations, by result").register(registry));
        }
        debitedCredits = Counter.builder("genpicz.accounting.debited.credits")
                .description("Credits debited for authorized generations").register(registry);
        refunds = Counter.builder("genpicz.accounting.refunds")
                .description("Generations refunded because they failed").register(registry);
        refundedCredits = Counter.builder("genpicz.accounting.refunded.credits")
                .description("Credits given back by refunds").register(registry);
    }

    static AccountingMetrics unobserved() {
        return new AccountingMetrics(new CompositeMeterRegistry());
    }

    void decided(DebitDecision decision, long credits) {
        decisions.get(decision).increment();
        if (decision == DebitDecision.AUTHORIZED) {
            debitedCredits.increment(credits);
        }
    }

    void refunded(long credits) {
        refunds.increment();
        refundedCredits.increment(credits);
    }
}
