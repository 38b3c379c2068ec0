package com.genpicz.accounting.usage;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * What one account used in one period: the value of a {@code usage.v1} record (docs/topics.md). Generations count
 * in the period they were requested in; credits are those the ledger debited and refunded for them, so once the
 * pipeline is idle a month's {@code credits_debited - credits_refunded} equals what the ledger charged for that
 * month's generations. {@code completion_millis_total} sums request-to-completion times, for an average.
 *
 * <p>Also used as a change: the topology sends what one event changed and adds it to the running total.
 */
public record Usage(
        int schemaVersion,
        String accountId,
        String period,
        String periodStart,
        long generationsRequested,
        long generationsCompleted,
        long generationsFailed,
        Map<String, Long> failedByCode,
        long generationsDeleted,
        long creditsDebited,
        long creditsRefunded,
        Map<String, Long> byQuality,
        Map<String, Long> bySize,
        Map<String, Long> byStyle,
        long completionMillisTotal) {

    public static final int SCHEMA_VERSION = 1;

    public Usage {
        failedByCode = sorted(failedByCode);
        byQuality = sorted(byQuality);
        bySize = sorted(bySize);
        byStyle = sorted(byStyle);
    }

    /** Nothing used yet. */
    static Usage none() {
        return new Usage(SCHEMA_VERSION, null, null, null, 0, 0, 0, Map.of(), 0, 0, 0, Map.of(), Map.of(), Map.of(), 0);
    }

    /** This total (or change) for the given account and period. */
    Usage in(String account, UsagePeriod usagePeriod, String start) {
        return new Usage(SCHEMA_VERSION, account, usagePeriod.wireName(), start, generationsRequested,
                generationsCompleted, generationsFailed, failedByCode, generationsDeleted, creditsDebited,
                creditsRefunded, byQuality, bySize, byStyle, completionMillisTotal);
    }

    public Usage plus(Usage other) {
        return combine(other, Long::sum);
    }

    public Usage minus(Usage other) {
        return combine(other, (a, b) -> a - b);
    }

    /** True when adding it would change nothing. */
    boolean isEmpty() {
        return generationsRequested == 0 && generationsCompleted == 0 && generationsFailed == 0
                && generationsDeleted == 0 && creditsDebited == 0 && creditsRefunded == 0
                && completionMillisTotal == 0 && failedByCode.isEmpty() && byQuality.isEmpty() && bySize.isEmpty()
                && byStyle.isEmpty();
    }

    private Usage combine(Usage other, LongBinaryOperator op) {
        return new Usage(SCHEMA_VERSION, accountId != null ? accountId : other.accountId,
                period != null ? period : other.period, periodStart != null ? periodStart : other.periodStart,
                op.applyAsLong(generationsRequested, other.generationsRequested),
                op.applyAsLong(generationsCompleted, other.generationsCompleted),
                op.applyAsLong(generationsFailed, other.generationsFailed),
                combine(failedByCode, other.failedByCode, op),
                op.applyAsLong(generationsDeleted, other.generationsDeleted),
                op.applyAsLong(creditsDebited, other.creditsDebited),
                op.applyAsLong(creditsRefunded, other.creditsRefunded),
                combine(byQuality, other.byQuality, op), combine(bySize, other.bySize, op),
                combine(byStyle, other.byStyle, op),
                op.applyAsLong(completionMillisTotal, other.completionMillisTotal));
    }

    /** Per-key arithmetic; keys whose count comes to zero are left out, so totals stay small and comparable. */
    private static Map<String, Long> combine(Map<String, Long> left, Map<String, Long> right, LongBinaryOperator op) {
        TreeMap<String, Long> result = new TreeMap<>(left);
        right.forEach((key, value) -> {
            long combined = op.applyAsLong(result.getOrDefault(key, 0L), value);
            if (combined == 0) {
                result.remove(key);
            } else {
                result.put(key, combined);
            }
        });
        return result;
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return counts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
