package com.genpicz.webhook;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import java.time.Duration;

/**
 * webhook-service settings.
 *
 * @param production   refuse plain-HTTP and internal destinations (GENPICZ_MODE=production)
 * @param firstRetry   wait before the second attempt; each further wait is four times longer, up to six hours
 * @param maxAttempts  after this many failed attempts a delivery is abandoned
 */
public record WebhookConfig(
        KafkaConfig kafka,
        DatabaseConfig database,
        boolean production,
        Duration requestTimeout,
        Duration firstRetry,
        int maxAttempts) {

    public static WebhookConfig from(Env env) {
        WebhookConfig config = new WebhookConfig(
                KafkaConfig.from(env),
                DatabaseConfig.from(env),
                env.choice("GENPICZ_MODE", Mode.class, Mode.PRODUCTION) == Mode.PRODUCTION,
                env.duration("GENPICZ_WEBHOOK_TIMEOUT", Duration.ofSeconds(10)),
                env.duration("GENPICZ_WEBHOOK_FIRST_RETRY", Duration.ofSeconds(10)),
                env.integer("GENPICZ_WEBHOOK_MAX_ATTEMPTS", 10, 1, 50));
        env.validate();
        return config;
    }

    /** Where the platform runs. */
    public enum Mode { DEVELOPMENT, PRODUCTION }
}
