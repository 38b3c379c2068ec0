package com.genpicz.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server left running on a data directory by a JVM that died without closing it.
 *
 * <p>{@code pg_ctl start} daemonises the postmaster, so it outlives a SIGKILLed owner and keeps the data
 * directory locked through {@code postmaster.pid}. The server is asked for a fast shutdown (SIGINT) so that it
 * removes its pid file and shared memory itself; SIGKILL is only the last resort.
 */
final class OrphanPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanPostgres.class);
    private static final String PID_FILE = "postmaster.pid";
    private static final Duration FAST_SHUTDOWN_LIMIT = Duration.ofSeconds(30);

    private OrphanPostgres() {
    }

    /** Stops the postmaster recorded in {@code dataDir/postmaster.pid}, if it is still alive. */
    static void stopIfRunning(Path dataDir) {
        Optional<ProcessHandle> postmaster = runningPostmaster(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        LOG.warn("Stopping orphaned PostgreSQL (pid {}) still holding {}", process.pid(), dataDir);
        requestFastShutdown(process);
        // The pid file goes last in a clean shutdown. The process handle itself can stay "alive" for seconds
        // as a zombie until init reaps it, so it is no signal of a finished shutdown.
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Deadline.await(FAST_SHUTDOWN_LIMIT, () -> !Files.exists(pidFile) || !process.isAlive())) {
            LOG.warn("PostgreSQL pid {} ignored the fast shutdown; killing it", process.pid());
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Deadline.await(FAST_SHUTDOWN_LIMIT, () -> !process.isAlive());
        }
    }

    static Optional<ProcessHandle> runningPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated process since the server died.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    private static void requestFastShutdown(ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor();
        } catch (IOException e) {
            LOG.warn("Could not signal PostgreSQL pid {}: {}", process.pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
