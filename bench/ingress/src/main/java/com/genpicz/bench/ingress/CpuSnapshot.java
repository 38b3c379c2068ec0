package com.genpicz.bench.ingress;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used so far, read from /proc: this JVM's threads by kind, PostgreSQL's processes, and the whole machine
 * (whose other tenants share the two cores). Two snapshots give how many cores each part kept busy in between.
 */
final class CpuSnapshot {

    static final String REST_OF_MACHINE = "rest of machine (other tenants)";

    /** Linux reports process times in clock ticks of 1/100 s on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long nanoTime;
    private final Map<String, Long> threadTicks;
    private final long processTicks;
    private final long postgresTicks;
    private final long machineBusyTicks;

    private CpuSnapshot(long nanoTime, Map<String, Long> threadTicks, long processTicks, long postgresTicks,
                        long machineBusyTicks) {
        this.nanoTime = nanoTime;
        this.threadTicks = threadTicks;
        this.processTicks = processTicks;
        this.postgresTicks = postgresTicks;
        this.machineBusyTicks = machineBusyTicks;
    }

    static CpuSnapshot take(Path postmasterPidFile) {
        return new CpuSnapshot(System.nanoTime(), threadTicks(), ownTicks(Path.of("/proc/self/stat")),
                postgresTicks(postmasterPidFile), machineBusyTicks());
    }

    /**
     * Cores kept busy since {@code earlier}, by part: the JVM's threads grouped by {@link ThreadKinds}, the JVM's
     * threads that exited meanwhile, PostgreSQL, and everything else on the machine.
     */
    Map<String, Double> coresSince(CpuSnapshot earlier) {
        double seconds = (nanoTime - earlier.nanoTime) / 1e9;
        Map<String, Long> byKind = new LinkedHashMap<>();
        ThreadKinds.ALL.forEach(kind -> byKind.put(kind, 0L));
        long liveThreads = 0;
        for (Map.Entry<String, Long> thread : threadTicks.entrySet()) {
            long delta = thread.getValue() - earlier.threadTicks.getOrDefault(thread.getKey(), 0L);
            byKind.merge(ThreadKinds.of(thread.getKey()), delta, Long::sum);
            liveThreads += delta;
        }
        long process = processTicks - earlier.processTicks;
        byKind.merge(ThreadKinds.OTHER_JVM, Math.max(0, process - liveThreads), Long::sum);
        long postgres = postgresTicks - earlier.postgresTicks;
        long machine = machineBusyTicks - earlier.machineBusyTicks;
        Map<String, Double> cores = new LinkedHashMap<>();
        byKind.forEach((kind, ticks) -> cores.put(kind, ticks / TICKS_PER_SECOND / seconds));
        cores.put("PostgreSQL", postgres / TICKS_PER_SECOND / seconds);
        cores.put(REST_OF_MACHINE, Math.max(0, machine - process - postgres) / TICKS_PER_SECOND / seconds);
        return cores;
    }

    /** The threads that used the most CPU since {@code earlier}, as "name: cores" lines. */
    List<String> busiestThreadsSince(CpuSnapshot earlier, int limit) {
        double seconds = (nanoTime - earlier.nanoTime) / 1e9;
        Map<String, Long> byName = new HashMap<>();
        threadTicks.forEach((thread, ticks) -> byName.merge(thread.substring(0, thread.lastIndexOf('/')),
                ticks - earlier.threadTicks.getOrDefault(thread, 0L), Long::sum));
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format("%s [%s]: %.2f", e.getKey(), ThreadKinds.of(e.getKey() + "/0"),
                        e.getValue() / TICKS_PER_SECOND / seconds))
                .toList();
    }

    /** Ticks per thread, keyed "name/tid" so that threads sharing a name stay apart. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                ProcStat stat = ProcStat.read(task.resolve("stat"));
                if (stat != null) {
                    ticks.put(stat.name() + "/" + task.getFileName(), stat.ownTicks());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    private static long ownTicks(Path statFile) {
        ProcStat stat = ProcStat.read(statFile);
        return stat == null ? 0 : stat.ownTicks();
    }

    /** The postmaster's time including its exited children, plus the time of the backends still running. */
    private static long postgresTicks(Path postmasterPidFile) {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                ProcStat stat = ProcStat.read(process.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                if (pid == postmaster) {
                    total += stat.ownTicks() + stat.childrenTicks();
                } else if (stat.parentPid() == postmaster) {
                    total += stat.ownTicks();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static long machineBusyTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] fields = lines.get(0).trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
