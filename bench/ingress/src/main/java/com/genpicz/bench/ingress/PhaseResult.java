package com.genpicz.bench.ingress;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * What one phase measured.
 *
 * @param successLabel       the outcome that counts as success ("202", "200")
 * @param successesPerSecond successes completed within the window divided by its length
 * @param perSecond          successes in each full second of the window
 * @param outcomes           requests per outcome: an HTTP status or "timeout" / "refused" / "io-error"
 * @param firstSeenSeconds   seconds from the phase start to the first completion of each outcome
 * @param p50Millis          latency percentiles over every completed request of the phase, whatever its outcome
 * @param loadAverage        the machine's 1-minute load average when the phase ended
 */
record PhaseResult(
        String name,
        String successLabel,
        Duration window,
        double successesPerSecond,
        long[] perSecond,
        Map<String, Long> outcomes,
        Map<String, Double> firstSeenSeconds,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        double loadAverage) {

    long total() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The slowest and fastest full second, to show how steady the rate was. */
    long[] minMaxPerSecond() {
        if (perSecond.length == 0) {
            return new long[] {0, 0};
        }
        return new long[] {Arrays.stream(perSecond).min().orElse(0), Arrays.stream(perSecond).max().orElse(0)};
    }
}
