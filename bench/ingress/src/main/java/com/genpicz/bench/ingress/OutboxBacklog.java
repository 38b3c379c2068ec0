package com.genpicz.bench.ingress;

import java.sql.SQLException;
import java.time.Duration;

/** How many accepted generations still wait in the outbox for the relay to publish them to Kafka. */
final class OutboxBacklog {

    private final BenchInfrastructure infrastructure;

    OutboxBacklog(BenchInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    long count() throws SQLException {
        return infrastructure.queryLong("select count(*) from outbox");
    }

    /** Seconds until the outbox is empty, or -1 if it is not empty within {@code limit}. Polls every 100 ms. */
    double secondsUntilEmpty(Duration limit) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (count() > 0) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
