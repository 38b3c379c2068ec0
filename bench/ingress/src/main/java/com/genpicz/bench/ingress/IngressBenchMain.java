package com.genpicz.bench.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmarks ingress-api alone on embedded Kafka and PostgreSQL, prints the tables and exits with everything
 * stopped. Usage: see {@link BenchSettings#USAGE}; bench/ingress/run.sh builds and starts it.
 */
public final class IngressBenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(IngressBenchMain.class);
    /** Marks a data folder as this benchmark's, so that wiping it can never delete anything else. */
    private static final String MARKER = ".ingress-bench-data";

    private IngressBenchMain() {
    }

    public static void main(String[] args) {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchSettings.USAGE);
            System.exit(2);
            return;
        }
        int exitCode = run(settings);
        // Kafka's leftover threads must not keep the JVM alive once everything is stopped.
        System.exit(exitCode);
    }

    private static int run(BenchSettings settings) {
        String loadBefore = MachineInfo.loadAverages();
        Path dataDir = settings.dataDir().toAbsolutePath();
        prepareDataDir(dataDir);
        long start = System.nanoTime();
        BenchInfrastructure infrastructure = BenchInfrastructure.start(dataDir, settings.postgresConfig(),
                settings.poolSize());
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                infrastructure.close();
            }
        };
        // Ctrl-C or SIGTERM still stops PostgreSQL, which runs as a separate process.
        Thread hook = new Thread(stop, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            BenchReport report = new IngressBenchmark(settings, infrastructure)
                    .run((System.nanoTime() - start) / 1e9, loadBefore);
            stop.run();
            System.out.println();
            System.out.print(ReportTable.render(report));
            return 0;
        } catch (Exception e) {
            LOG.error("The benchmark failed", e);
            return 1;
        } finally {
            stop.run();
            Runtime.getRuntime().removeShutdownHook(hook);
            deleteDataDir(dataDir);
        }
    }

    private static void prepareDataDir(Path dataDir) {
        try {
            if (Files.isDirectory(dataDir)) {
                try (Stream<Path> entries = Files.list(dataDir)) {
                    if (entries.findAny().isPresent() && !Files.exists(dataDir.resolve(MARKER))) {
                        throw new IllegalStateException(dataDir + " is not empty and not this benchmark's data folder");
                    }
                }
                deleteDataDir(dataDir);
            }
            Files.createDirectories(dataDir);
            Files.createFile(dataDir.resolve(MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dataDir, e);
        }
    }

    private static void deleteDataDir(Path dataDir) {
        if (!Files.exists(dataDir.resolve(MARKER))) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dataDir, e.toString());
        }
    }
}
