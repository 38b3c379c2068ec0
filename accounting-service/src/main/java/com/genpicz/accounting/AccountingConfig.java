package com.genpicz.accounting;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;

/** accounting-service settings, from environment variables (see docs/configuration.md). */
public record AccountingConfig(KafkaConfig kafka, DatabaseConfig database) {

    public static AccountingConfig from(Env env) {
        AccountingConfig config = new AccountingConfig(KafkaConfig.from(env), DatabaseConfig.from(env));
        env.validate();
        return config;
    }
}
