package com.genpicz.common.operations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance can do its work, so that an orchestrator routes to it and counts it as available. Named
 * checks run in the background every second, each bounded in time, and a probe answers at once from the latest
 * results: a dependency that hangs makes the instance not ready within seconds instead of hanging the probe. An
 * instance is not ready before its start-up finished, and stops being ready as soon as it begins to shut down.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    static final String OK = "ok";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, ReadinessCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final Map<String, Long> runningSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("readiness"));
    // A thread per running check: one that hangs (a connect to a dead host) holds up no other check.
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("readiness-check"));
    private volatile String lifecycle = "starting";

    public Readiness() {
        ticker.scheduleWithFixedDelay(this::checkAll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds a check; until its first result the instance is not ready. */
    public Readiness add(String name, ReadinessCheck check) {
        results.put(name, "not checked yet");
        checks.put(name, check);
        runners.execute(() -> run(name, check));
        return this;
    }

    /** Start-up finished: the instance is ready once every check passes. */
    public void started() {
        lifecycle = OK;
    }

    /** Shutting down: not ready from now on, whatever the checks say. */
    public void stopping() {
        lifecycle = "stopping";
    }

    /** Each check's latest result ({@code ok} or why not), with {@code lifecycle} first. */
    public Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("lifecycle", lifecycle);
        new java.util.TreeMap<>(results).forEach(state::put);
        return state;
    }

    public boolean ready() {
        return state().values().stream().allMatch(OK::equals);
    }

    private void checkAll() {
        long now = System.nanoTime();
        checks.forEach((name, check) -> {
            Long since = runningSince.get(name);
            if (since == null) {
                runners.execute(() -> run(name, check));
            } else if (now - since > CHECK_TIMEOUT.toNanos()) {
                record(name, "no answer within " + CHECK_TIMEOUT.toSeconds() + " s");
            }
        });
    }

    private void run(String name, ReadinessCheck check) {
        if (runningSince.putIfAbsent(name, System.nanoTime()) != null) {
            return;
        }
        try {
            check.verify();
            record(name, OK);
        } catch (Exception e) {
            record(name, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            runningSince.remove(name);
        }
    }

    private void record(String name, String result) {
        String previous = results.put(name, result);
        if (!result.equals(previous) && !"not checked yet".equals(previous)) {
            if (OK.equals(result)) {
                log.info("event=dependency_ready check={}", name);
            } else {
                log.warn("event=dependency_not_ready check={} reason=\"{}\"", name, result);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        runners.shutdownNow();
        for (ReadinessCheck check : checks.values()) {
            if (check instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("event=readiness_check_close_failed reason=\"{}\"", e.toString());
                }
            }
        }
    }
}
