package com.genpicz.bench.ingress;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's phases in order: accounts; async generates, flat out (closed loop) and then at a fixed rate;
 * reads of generations, the same two ways; then the outages. Each closed-loop phase runs unmeasured for the warm-up
 * first (JIT, connection pools), each fixed-rate phase for a short settling time, then for the measured window.
 */
final class IngressBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(IngressBenchmark.class);
    private static final Duration LOAD_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    /** Before a fixed-rate phase, which follows a warmed-up closed-loop one: time to drain and settle. */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final long CREDITS_PER_ACCOUNT = 1_000_000_000L;
    private static final int REMEMBERED_GENERATIONS = 200_000;
    private static final int BUSIEST_THREADS_SHOWN = 12;

    private final BenchSettings settings;
    private final BenchInfrastructure infrastructure;
    private final Checkpoints checkpoints;

    IngressBenchmark(BenchSettings settings, BenchInfrastructure infrastructure) {
        this.settings = settings;
        this.infrastructure = infrastructure;
        this.checkpoints = new Checkpoints(infrastructure);
    }

    BenchReport run(double setupSeconds, String loadBefore) throws Exception {
        List<String> keys = createAccounts();
        try (HttpLoad load = new HttpLoad(infrastructure.apiAddress(), settings.concurrency(),
                LOAD_REQUEST_TIMEOUT)) {
            return run(load, keys, setupSeconds, loadBefore);
        }
    }

    private BenchReport run(HttpLoad load, List<String> keys, double setupSeconds, String loadBefore)
            throws Exception {
        GenerationIds accepted = new GenerationIds(REMEMBERED_GENERATIONS);
        GenerateRequests generates = new GenerateRequests(infrastructure.apiHost(), keys, accepted);
        OutboxBacklog outbox = new OutboxBacklog(infrastructure);

        List<BenchReport.MeasuredPhase> phases = new ArrayList<>();
        phases.add(measure(load, "POST /v1/generate (async)", generates, 0, settings.warmup()));
        if (settings.postRate() > 0) {
            phases.add(measure(load, "POST /v1/generate (async)", generates, settings.postRate(), SETTLE));
        }
        long backlog = outbox.count();
        LOG.info("Outbox backlog after the write phase: {} rows; waiting for the relay to publish them", backlog);
        double drainSeconds = outbox.secondsUntilEmpty(DRAIN_LIMIT);
        ReadGenerationRequests reads = new ReadGenerationRequests(infrastructure.apiHost(), keys, accepted);
        phases.add(measure(load, "GET /v1/generations/{id}", reads, 0, settings.warmup()));
        if (settings.getRate() > 0) {
            phases.add(measure(load, "GET /v1/generations/{id}", reads, settings.getRate(), SETTLE));
        }

        List<OutageResult> outages = new ArrayList<>();
        if (settings.outagePhases()) {
            OutagePhase outage = new OutagePhase(infrastructure.apiAddress(), generates, outbox);
            outages.add(outage.run("Kafka", settings.outage(), infrastructure::stopKafka,
                    infrastructure::startKafkaAgain));
            outages.add(outage.run("PostgreSQL", settings.outage(), infrastructure::stopPostgres,
                    infrastructure::startPostgresAgain));
        }
        return new BenchReport(settings, MachineInfo.description(), loadBefore, setupSeconds, phases, backlog,
                drainSeconds, outages);
    }

    private List<String> createAccounts() throws Exception {
        long start = System.nanoTime();
        List<String> keys;
        try (Connection connection = infrastructure.openConnection()) {
            keys = BenchAccounts.create(infrastructure.ingress().accounts(), connection, settings.accounts(),
                    CREDITS_PER_ACCOUNT);
        }
        LOG.info("Created {} enterprise accounts with one key each in {} ms", keys.size(),
                (System.nanoTime() - start) / 1_000_000);
        return keys;
    }

    /** {@code rate} 0: closed loop; otherwise requests per second. The warm-up runs the same load shape. */
    private BenchReport.MeasuredPhase measure(HttpLoad load, String phase, RequestSource source, int rate,
                                              Duration warmup) throws InterruptedException, SQLException {
        String name = rate == 0 ? phase : String.format(Locale.ROOT, "%s at %,d/s", phase, rate);
        LOG.info("{}: warm-up {} s, then {} s measured, {} connections", name, warmup.toSeconds(),
                settings.duration().toSeconds(), settings.concurrency());
        run(load, name + " warm-up", warmup, source, rate);
        long checkpointsBefore = checkpoints.count();
        CpuSnapshot before = CpuSnapshot.take(infrastructure.postmasterPidFile());
        PhaseRecorder recorder = run(load, name, settings.duration(), source, rate);
        CpuSnapshot after = CpuSnapshot.take(infrastructure.postmasterPidFile());
        long checkpointsInWindow = checkpoints.count() - checkpointsBefore;
        PhaseResult result = recorder.result(MachineInfo.loadAverage());
        LOG.info("{}: {} per s, p50 {} ms, p99 {} ms, outcomes {}", name, Math.round(result.successesPerSecond()),
                result.p50Millis(), result.p99Millis(), result.outcomes());
        return new BenchReport.MeasuredPhase(result, after.coresSince(before),
                after.busiestThreadsSince(before, BUSIEST_THREADS_SHOWN), checkpointsInWindow);
    }

    private static PhaseRecorder run(HttpLoad load, String name, Duration window, RequestSource source, int rate)
            throws InterruptedException {
        return rate == 0 ? load.run(name, window, source) : load.runAtRate(name, window, source, rate);
    }
}
