package com.genpicz.common.db;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.operations.ReadinessCheck;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The PostgreSQL connection pool, its Jdbi, and the schema migrations. Every service that uses the database runs
 * {@link #migrate()} at start; Flyway's lock makes concurrent starts safe and the same migrations run in tests.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean migrateAtStart;

    private Database(HikariDataSource dataSource, boolean migrateAtStart) {
        this.dataSource = dataSource;
        this.migrateAtStart = migrateAtStart;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /** Opens the pool lazily: a database that is down makes queries fail fast instead of blocking start-up. */
    public static Database connect(DatabaseConfig config, String poolName) {
        return connect(config, poolName, false);
    }

    /**
     * A pool whose commits do not wait for the WAL flush ({@code synchronous_commit=off}): for state that may lose
     * its last fraction of a second in a crash without harm, such as rate-limit counters. Everything else must use
     * {@link #connect(DatabaseConfig, String)}.
     */
    public static Database connectForVolatileWrites(DatabaseConfig config, String poolName) {
        return connect(config, poolName, true);
    }

    private static Database connect(DatabaseConfig config, String poolName, boolean asynchronousCommit) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(Math.max(250, config.connectionTimeout().toMillis()));
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("connectTimeout", "2");
        hikari.addDataSourceProperty("socketTimeout", "30");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (asynchronousCommit) {
            hikari.addDataSourceProperty("options", "-c synchronous_commit=off");
        }
        return new Database(new HikariDataSource(hikari), config.migrateAtStart());
    }

    public Database migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return this;
    }

    /** Migrates unless {@code GENPICZ_DB_MIGRATE=false} (the migrations then run once, in a Job of their own). */
    public Database migrateIfAsked() {
        return migrateAtStart ? migrate() : this;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** For readiness: a round trip through the pool, which validates a connection idle for a while before use. */
    public ReadinessCheck readinessCheck() {
        return () -> jdbi.useHandle(handle -> handle.execute("SELECT 1"));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
