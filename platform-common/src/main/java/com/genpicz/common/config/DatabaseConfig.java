package com.genpicz.common.config;

/** How to reach PostgreSQL. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    public static DatabaseConfig from(Env env) {
        return new DatabaseConfig(
                env.string("GENPICZ_DB_URL", "jdbc:postgresql://localhost:5432/genpicz"),
                env.string("GENPICZ_DB_USER", "genpicz"),
                env.string("GENPICZ_DB_PASSWORD", "genpicz"),
                env.integer("GENPICZ_DB_POOL_SIZE", 8, 1, 200));
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
    }
}
