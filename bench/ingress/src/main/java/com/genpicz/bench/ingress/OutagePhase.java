package com.genpicz.bench.ingress;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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

    private final HttpClient client;
    private final GenerateRequests requests;
    private final OutboxBacklog outbox;

    OutagePhase(HttpClient client, GenerateRequests requests, OutboxBacklog outbox) {
        this.client = client;
        this.requests = requests;
        this.outbox = outbox;
    }

    OutageResult run(String server, Duration outage, Runnable stop, Runnable startAgain)
            throws InterruptedException, SQLException {
        LOG.info("Stopping {} for {} s of POST /v1/generate ({} in flight)", server, outage.toSeconds(), IN_FLIGHT);
        long stopping = System.nanoTime();
        stop.run();
        double stopSeconds = (System.nanoTime() - stopping) / 1e9;
        PhaseResult probe = new ClosedLoopLoad(client, IN_FLIGHT, REQUEST_TIMEOUT)
                .run("POST while " + server + " is down", outage, requests)
                .result(MachineInfo.loadAverage());
        long backlog = backlogIfReadable();
        LOG.info("Starting {} again ({} outbox rows waiting)", server, backlog);
        long restarting = System.nanoTime();
        startAgain.run();
        double recovery = secondsUntilAccepted();
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

    private double secondsUntilAccepted() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + RECOVERY_LIMIT.toNanos();
        for (long attempt = 0; System.nanoTime() < deadline; attempt++) {
            try {
                if (client.send(requests.request(attempt, REQUEST_TIMEOUT), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 202) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (java.io.IOException e) {
                // Not answering yet; the next attempt follows the pause.
            }
            Thread.sleep(RECOVERY_POLL_MILLIS);
        }
        return -1;
    }
}
