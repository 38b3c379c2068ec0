package com.genpicz.bench.ingress;

/**
 * POST /v1/generate while one server was down.
 *
 * @param stopSeconds     how long stopping the server took (the probe starts once it is down)
 * @param probe           outcomes and latencies of the requests sent during the outage
 * @param recoverySeconds from the server being up again to the first 202, or -1 if none came within the limit
 * @param backlogAtRestart outbox rows waiting for Kafka just before the restart (accepted during the outage), or
 *                         -1 when the database was the server that was down
 * @param drainSeconds     from the restart until the outbox was empty, or -1 if not within the limit
 */
record OutageResult(String server, double stopSeconds, PhaseResult probe, double recoverySeconds, long backlogAtRestart,
                    double drainSeconds) {
}
