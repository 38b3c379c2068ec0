package com.genpicz.bench.ingress;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured.
 *
 * @param backlogAfterWrites  outbox rows not yet published to Kafka when the write phase ended
 * @param drainSeconds        how long the relay then took to empty the outbox (-1: not within the limit)
 */
record BenchReport(
        BenchSettings settings,
        String machine,
        String loadBefore,
        double setupSeconds,
        List<MeasuredPhase> phases,
        long backlogAfterWrites,
        double drainSeconds,
        List<OutageResult> outages) {

    /**
     * A load phase with the CPU each part used during its measured window, in cores, and the PostgreSQL
     * checkpoints started in it.
     */
    record MeasuredPhase(PhaseResult result, Map<String, Double> cpuCores, List<String> busiestThreads,
                         long checkpoints) {
    }
}
