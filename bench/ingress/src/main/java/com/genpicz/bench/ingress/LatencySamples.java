package com.genpicz.bench.ingress;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Every latency of a phase, kept exactly (not bucketed) up to a fixed capacity, for percentiles at the end. */
final class LatencySamples {

    private final long[] nanos;
    private final AtomicInteger size = new AtomicInteger();

    LatencySamples(int capacity) {
        this.nanos = new long[capacity];
    }

    void record(long latencyNanos) {
        int slot = size.getAndIncrement();
        if (slot < nanos.length) {
            nanos[slot] = latencyNanos;
        }
    }

    /** Percentiles (0–100) in milliseconds, in the order asked; NaN when nothing was recorded. */
    double[] percentilesMillis(double... percentiles) {
        int count = Math.min(size.get(), nanos.length);
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double[] result = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            if (count == 0) {
                result[i] = Double.NaN;
                continue;
            }
            int rank = (int) Math.ceil(percentiles[i] / 100.0 * count) - 1;
            result[i] = sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
        }
        return result;
    }
}
