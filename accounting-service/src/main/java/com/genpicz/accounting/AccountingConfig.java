package com.genpicz.accounting;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.InternalToken;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import java.nio.file.Path;

/**
 * accounting-service settings, from environment variables (see docs/configuration.md).
 *
 * @param usageStateDirectory where the usage projection keeps its local state (RocksDB); losing it costs only a
 *                            restore from the changelog topics
 * @param apiPort             the internal API (credit grants) and {@code /healthz}; 0 picks a free port
 * @param internalToken       what callers of the internal API must present
 * @param operations          the operations port ({@code /metrics}, {@code /livez}, {@code /readyz}) and instance id
 */
public record AccountingConfig(KafkaConfig kafka, DatabaseConfig database, Path usageStateDirectory, int apiPort,
                               String internalToken, OperationsConfig operations) {

    public static AccountingConfig from(Env env) {
        AccountingConfig config = new AccountingConfig(KafkaConfig.from(env), DatabaseConfig.from(env),
                Path.of(env.string("GENPICZ_USAGE_STATE_DIR", defaultStateDirectory())),
                env.integer("GENPICZ_ACCOUNTING_API_PORT", 8091, 0, 65535), InternalToken.from(env),
                OperationsConfig.from(env));
        env.validate();
        return config;
    }

    /** Per process by default, because two instances on one machine must not share a state directory. */
    private static String defaultStateDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "genpicz-usage-" + ProcessHandle.current().pid())
                .toString();
    }
}
