package com.genpicz.bench.ingress;

import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one server, keeps sending generation requests for a while, then starts it again and waits for the API to
 * accept again. A request that gets no answer within {@link #REQUEST_TIMEOUT} counts as a hang ("timeout").
 */
final class OutagePhase {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 8;
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(90);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    private static final long RECOVERY_POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(OutagePhase.class);

    private final InetSocketAddress api;
    private final GenerateRequests requests;
    private final OutboxBacklog outbox;

    OutagePhase(InetSocketAddress api, GenerateRequests requests, OutboxBacklog outbox) {
        this.api = api;
        this.requests = requests;
        this.outbox = outbox;
    }

    OutageResult run(String server, Duration outage, Runnable stop, Runnable startAgain)
            throws InterruptedException, SQLException {
        LOG.info("Stopping {} for {} s of POST /v1/generate ({} in flight)", server, outage.toSeconds(), IN_FLIGHT);
        long stopping = System.nanoTime();
        stop.run();
        double stopSeconds = (System.nanoTime() - stopping) / 1e9;
        PhaseResult probe;
        long backlog;
        long restarting;
        double recovery;
        try (HttpLoad load = new HttpLoad(api, IN_FLIGHT, REQUEST_TIMEOUT)) {
            probe = load.run("POST while " + server + " is down", outage, requests).result(MachineInfo.loadAverage());
            backlog = backlogIfReadable();
            LOG.info("Starting {} again ({} outbox rows waiting)", server, backlog);
            restarting = System.nanoTime();
            startAgain.run();
            recovery = secondsUntilAccepted(load);
        }
        double drain = outbox.secondsUntilEmpty(DRAIN_LIMIT);
        double drainSinceRestart = drain < 0 ? -1 : (System.nanoTime() - restarting) / 1e9;
        LOG.info("{} outage: {}; first 202 {} s after restart; outbox empty {} s after restart", server,
                probe.outcomes(), recovery, drainSinceRestart);
        return new OutageResult(server, stopSeconds, probe, recovery, backlog, drainSinceRestart);
    }

    /** -1 while PostgreSQL itself is the server that is down. */
    private long backlogIfReadable() {
        try {
            return outbox.count();
        } catch (SQLException e) {
            return -1;
        }
    }

    private double secondsUntilAccepted(HttpLoad load) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (load.once(requests).equals("202")) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(RECOVERY_POLL_MILLIS);
        }
        return -1;
    }
}
