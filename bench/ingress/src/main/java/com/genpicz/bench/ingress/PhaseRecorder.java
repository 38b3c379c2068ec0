package com.genpicz.bench.ingress;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects the outcomes of one phase as they complete: counts per outcome ("202", "503", "timeout", …), the
 * latency of every request, successes per second of the window, and when each outcome was first seen.
 */
final class PhaseRecorder {

    /** The outcome of requests {@link #recordUnsent} counts. */
    static final String UNSENT = "unsent";

    private final String name;
    private final String successLabel;
    private final long startNanos;
    private final Duration window;
    private final LatencySamples latencies;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final AtomicLongArray successesPerSecond;
    private final LongAdder successesInWindow = new LongAdder();

    PhaseRecorder(String name, String successLabel, long startNanos, Duration window, int capacity) {
        this.name = name;
        this.successLabel = successLabel;
        this.startNanos = startNanos;
        this.window = window;
        this.latencies = new LatencySamples(capacity);
        this.successesPerSecond = new AtomicLongArray((int) window.toSeconds() + 1);
    }

    void record(String outcome, long latencyNanos, long completedAtNanos) {
        long sinceStart = completedAtNanos - startNanos;
        outcomes.computeIfAbsent(outcome, ignored -> new LongAdder()).increment();
        firstSeenNanos.putIfAbsent(outcome, sinceStart);
        latencies.record(latencyNanos);
        if (outcome.equals(successLabel) && sinceStart <= window.toNanos()) {
            successesInWindow.increment();
            int second = (int) (sinceStart / 1_000_000_000L);
            if (second < successesPerSecond.length()) {
                successesPerSecond.incrementAndGet(second);
            }
        }
    }

    /** Requests that were due at a fixed rate but never sent, because no connection was free before the end. */
    void recordUnsent(long count) {
        if (count > 0) {
            outcomes.computeIfAbsent(UNSENT, ignored -> new LongAdder()).add(count);
        }
    }

    /** How many requests ended in each outcome so far. */
    Map<String, Long> outcomeCounts() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
        return counts;
    }

    PhaseResult result(double loadAverageAfter) {
        Map<String, Long> counts = outcomeCounts();
        Map<String, Double> firstSeen = new TreeMap<>();
        firstSeenNanos.forEach((outcome, nanos) -> firstSeen.put(outcome, nanos / 1e9));
        int fullSeconds = (int) window.toSeconds();
        long[] perSecond = new long[fullSeconds];
        for (int i = 0; i < fullSeconds; i++) {
            perSecond[i] = successesPerSecond.get(i);
        }
        double[] p = latencies.percentilesMillis(50, 99, 100);
        return new PhaseResult(name, successLabel, window, successesInWindow.sum() / (window.toNanos() / 1e9),
                perSecond, counts, firstSeen, p[0], p[1], p[2], loadAverageAfter);
    }
}
