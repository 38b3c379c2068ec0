package com.genpicz.common.db;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the schema migrations once and exits: the Kubernetes migration Job ({@code deploy/k8s}), so that instances
 * started with {@code GENPICZ_DB_MIGRATE=false} never race a rollout's schema change. Reads the same
 * {@code GENPICZ_DB_*} variables as the services; exits 1 when the migrations fail.
 */
public final class MigrateMain {

    private MigrateMain() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        DatabaseConfig config = DatabaseConfig.from(env);
        env.validate();
        Logger log = LoggerFactory.getLogger(MigrateMain.class);
        try (Database database = Database.connect(config, "migrations")) {
            database.migrate();
            log.info("event=migrations_applied url={}", config.jdbcUrl());
        } catch (RuntimeException e) {
            log.error("event=migrations_failed reason=\"{}\"", e.getMessage(), e);
            System.exit(1);
        }
    }
}
