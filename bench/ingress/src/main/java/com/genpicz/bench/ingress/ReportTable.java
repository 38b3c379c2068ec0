package com.genpicz.bench.ingress;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as Markdown tables, ready to paste into docs/benchmarks.md. */
final class ReportTable {

    private ReportTable() {
    }

    static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        BenchSettings s = report.settings();
        out.append("GenPicz ingress-api benchmark\n")
                .append("machine: ").append(report.machine()).append('\n')
                .append("load average (1/5/15 min) before the run: ").append(report.loadBefore())
                .append(", after: ").append(MachineInfo.loadAverages()).append('\n')
                .append(String.format(Locale.ROOT, "settings: %d connections, %d accounts, warm-up"
                                + " %d s, %d s measured per phase, PostgreSQL config: %s, DB pool: %s; set-up took %.1f s%n%n",
                        s.concurrency(), s.accounts(), s.warmup().toSeconds(), s.duration().toSeconds(),
                        s.postgresConfig().isEmpty() ? "durable defaults" : s.postgresConfig(),
                        s.poolSize() == 0 ? "service default" : Integer.toString(s.poolSize()),
                        report.setupSeconds()));
        loadTable(out, report.phases());
        out.append(String.format(Locale.ROOT,
                "%nOutbox after the write phase: %d rows not yet in Kafka; the relay emptied it %s.%n",
                report.backlogAfterWrites(), report.drainSeconds() < 0 ? "NOT within the limit"
                        : String.format(Locale.ROOT, "in %.1f s", report.drainSeconds())));
        cpuTable(out, report.phases());
        if (!report.outages().isEmpty()) {
            outageTable(out, report.outages());
        }
        return out.toString();
    }

    private static void loadTable(StringBuilder out, List<BenchReport.MeasuredPhase> phases) {
        out.append("| phase | successes/s | slowest–fastest second | p50 ms | p99 ms | max ms | outcomes | PG checkpoints"
                        + " | load avg at end |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (BenchReport.MeasuredPhase phase : phases) {
            PhaseResult r = phase.result();
            long[] range = r.minMaxPerSecond();
            out.append(String.format(Locale.ROOT, "| %s | %,.0f (%s) | %,d–%,d | %.1f | %.1f | %.0f | %s | %d | %.2f |%n",
                    r.name(), r.successesPerSecond(), r.successLabel(), range[0], range[1], r.p50Millis(),
                    r.p99Millis(), r.maxMillis(), outcomes(r.outcomes()), phase.checkpoints(), r.loadAverage()));
        }
    }

    private static void cpuTable(StringBuilder out, List<BenchReport.MeasuredPhase> phases) {
        out.append(String.format("%nCPU used during each measured window, in cores (%d available):%n%n",
                Runtime.getRuntime().availableProcessors()));
        out.append("| part |");
        phases.forEach(phase -> out.append(' ').append(phase.result().name()).append(" |"));
        out.append('\n').append("|---|").append("---|".repeat(phases.size())).append('\n');
        Set<String> parts = new LinkedHashSet<>();
        phases.forEach(phase -> parts.addAll(phase.cpuCores().keySet()));
        for (String part : parts) {
            out.append("| ").append(part).append(" |");
            for (BenchReport.MeasuredPhase phase : phases) {
                out.append(String.format(Locale.ROOT, " %.2f |", phase.cpuCores().getOrDefault(part, 0.0)));
            }
            out.append('\n');
        }
        out.append("| **server side** (all but the load client and the rest of the machine) |");
        phases.forEach(phase -> out.append(String.format(Locale.ROOT, " %.2f |", serverCores(phase))));
        out.append("\n| **server CPU ms per success** |");
        phases.forEach(phase -> out.append(String.format(Locale.ROOT, " %.2f |", serverMillisPerSuccess(phase))));
        out.append("\n| server CPU ms per success without the JIT compilers |");
        phases.forEach(phase -> out.append(String.format(Locale.ROOT, " %.2f |", steadyMillisPerSuccess(phase))));
        out.append("\n| ceiling on 2 dedicated cores (2000 / ms per success without JIT) |");
        phases.forEach(phase -> out.append(String.format(Locale.ROOT, " %,.0f/s |",
                2000 / steadyMillisPerSuccess(phase))));
        out.append('\n');
        for (BenchReport.MeasuredPhase phase : phases) {
            out.append("\nBusiest threads, ").append(phase.result().name()).append(" (cores): ")
                    .append(String.join("; ", phase.busiestThreads())).append('\n');
        }
    }

    /** Cores used by the JVM's server-side threads, the Kafka broker included, and PostgreSQL. */
    static double serverCores(BenchReport.MeasuredPhase phase) {
        return phase.cpuCores().entrySet().stream()
                .filter(e -> !e.getKey().equals(ThreadKinds.LOAD_CLIENT) && !e.getKey().equals(CpuSnapshot.REST_OF_MACHINE))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    static double serverMillisPerSuccess(BenchReport.MeasuredPhase phase) {
        PhaseResult r = phase.result();
        return serverCores(phase) * 1000 / r.successesPerSecond();
    }

    /** As {@link #serverMillisPerSuccess} without JIT compilation, which a long-running server has behind it. */
    static double steadyMillisPerSuccess(BenchReport.MeasuredPhase phase) {
        double jit = phase.cpuCores().getOrDefault(ThreadKinds.JIT, 0.0);
        return (serverCores(phase) - jit) * 1000 / phase.result().successesPerSecond();
    }

    private static void outageTable(StringBuilder out, List<OutageResult> outages) {
        out.append(String.format("%nPOST /v1/generate while a server is down (%s s each, 8 in flight, %d s client"
                + " timeout = a hang):%n%n", outages.get(0).probe().window().toSeconds(),
                OutagePhase.REQUEST_TIMEOUT.toSeconds()));
        out.append("| down | stopping took | requests | outcomes | first seen (s into outage) | p50 ms | p99 ms | max ms"
                        + " | first 202 after restart | outbox rows |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (OutageResult outage : outages) {
            PhaseResult r = outage.probe();
            out.append(String.format(Locale.ROOT, "| %s | %.1f s | %,d | %s | %s | %.0f | %.0f | %.0f | %s | %s |%n",
                    outage.server(), outage.stopSeconds(), r.total(), outcomes(r.outcomes()),
                    r.firstSeenSeconds().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s at %.1f", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")),
                    r.p50Millis(), r.p99Millis(), r.maxMillis(),
                    outage.recoverySeconds() < 0 ? "none within 90 s"
                            : String.format(Locale.ROOT, "%.1f s", outage.recoverySeconds()),
                    String.format(Locale.ROOT, "%s waiting at restart; empty %s",
                            outage.backlogAtRestart() < 0 ? "?" : String.format(Locale.ROOT, "%,d", outage.backlogAtRestart()),
                            outage.drainSeconds() < 0 ? "NOT within 120 s"
                                    : String.format(Locale.ROOT, "%.1f s after restart", outage.drainSeconds()))));
        }
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s×%,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
