package com.genpicz.bench.ingress;

import java.sql.SQLException;

/**
 * PostgreSQL checkpoints so far (timed and requested), to tell which measured windows had one: a checkpoint's
 * writes and the full-page images after it slow every commit for a while.
 */
final class Checkpoints {

    private final BenchInfrastructure infrastructure;
    private String query;

    Checkpoints(BenchInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    long count() throws SQLException {
        if (query == null) {
            // PostgreSQL 17 moved the counters from pg_stat_bgwriter to pg_stat_checkpointer.
            long version = infrastructure.queryLong("select current_setting('server_version_num')::int");
            query = version >= 170_000
                    ? "select num_timed + num_requested from pg_stat_checkpointer"
                    : "select checkpoints_timed + checkpoints_req from pg_stat_bgwriter";
        }
        return infrastructure.queryLong(query);
    }
}
