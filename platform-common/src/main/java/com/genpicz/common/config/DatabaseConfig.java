package com.genpicz.common.config;

import java.time.Duration;

/**
 * How to reach PostgreSQL.
 *
 * @param connectionTimeout how long a caller waits for a pooled connection before failing; short for the API
 *                          (answer 503 quickly), longer for workers (ride out lock waits under load)
 * @param migrateAtStart    {@code GENPICZ_DB_MIGRATE}: whether the service runs the schema migrations when it
 *                          starts (default, for the local stacks and compose); Kubernetes runs them once, in a Job
 *                          ({@code MigrateMain}), and sets it to false
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout,
                             boolean migrateAtStart) {

    public DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {
        this(jdbcUrl, user, password, poolSize, Duration.ofSeconds(5));
    }

    public DatabaseConfig(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
        this(jdbcUrl, user, password, poolSize, connectionTimeout, true);
    }

    public static DatabaseConfig from(Env env) {
        return from(env, Duration.ofSeconds(5));
    }

    public static DatabaseConfig from(Env env, Duration defaultConnectionTimeout) {
        return new DatabaseConfig(
                env.string("GENPICZ_DB_URL", "jdbc:postgresql://localhost:5432/genpicz"),
                env.string("GENPICZ_DB_USER", "genpicz"),
                env.secret("GENPICZ_DB_PASSWORD", "genpicz"),
                env.integer("GENPICZ_DB_POOL_SIZE", 8, 1, 200),
                env.duration("GENPICZ_DB_CONNECTION_TIMEOUT", defaultConnectionTimeout),
                env.bool("GENPICZ_DB_MIGRATE", true));
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + ", migrateAtStart=" + migrateAtStart + "]";
    }
}
