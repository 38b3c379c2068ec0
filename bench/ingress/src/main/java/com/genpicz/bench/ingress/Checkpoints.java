package com.genpicz.bench.ingress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL checkpoints so far (timed and requested), to tell which measured windows had one: a checkpoint's
 * writes and the full-page images after it slow every commit for a while.
 */
final class Checkpoints {

    private final BenchInfrastructure infrastructure;

    Checkpoints(BenchInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    long count() throws SQLException {
        try (Connection connection = infrastructure.openConnection();
             Statement statement = connection.createStatement()) {
            // PostgreSQL 17 moved the counters from pg_stat_bgwriter to pg_stat_checkpointer.
            String query = connection.getMetaData().getDatabaseMajorVersion() >= 17
                    ? "select num_timed + num_requested from pg_stat_checkpointer"
                    : "select checkpoints_timed + checkpoints_req from pg_stat_bgwriter";
            try (ResultSet rows = statement.executeQuery(query)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
