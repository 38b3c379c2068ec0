package com.genpicz.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM this launcher started: its output goes to a log file, and it counts as started once it printed its ready
 * line. {@link #kill()} is {@code kill -9}; {@link #stop(Duration)} is SIGTERM, as an orchestrator scaling in
 * sends, with SIGKILL after the grace period.
 */
final class ChildProcess {

    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} in a new JVM on this JVM's classpath.
     *
     * @param readyMarker text of the output line that says the process is up
     */
    static ChildProcess start(String name, List<String> jvmOptions, String mainClass, List<String> args,
                              Map<String, String> environment, Path logFile, String readyMarker) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            ChildProcess child = new ChildProcess(name, builder.start(), logFile);
            child.copyOutput(readyMarker);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void copyOutput(String readyMarker) {
        Thread copier = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    remember(line);
                    if (!ready.isDone() && line.contains(readyMarker)) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                // The process went away mid-line; what it printed so far is in the log.
            } finally {
                ready.completeExceptionally(new IllegalStateException(name + " exited (" + exitCode() + ") before "
                        + "it was ready; last output:\n" + tail()));
            }
        }, name + "-output");
        copier.setDaemon(true);
        copier.start();
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    synchronized String tail() {
        return String.join("\n", tail);
    }

    /** Waits for the ready line; returns it. */
    String awaitReady(Duration limit) {
        try {
            return ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new IllegalStateException(name + " was not ready after " + limit + "; last output:\n" + tail());
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}. */
    void stop(Duration grace) {
        process.destroy();
        if (!waitForExit(grace)) {
            kill();
        }
    }

    private boolean waitForExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }
}
