package com.genpicz.ingress;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import java.time.Duration;

/**
 * ingress-api settings.
 *
 * @param production refuse webhook URLs that are not HTTPS or point at internal addresses
 * @param syncWait   how long {@code POST /v1/generate} without a webhook waits for the image before answering 202
 */
public record IngressConfig(
        KafkaConfig kafka,
        DatabaseConfig database,
        String host,
        int port,
        boolean production,
        Duration syncWait) {

    public static IngressConfig from(Env env) {
        IngressConfig config = new IngressConfig(
                KafkaConfig.from(env),
                DatabaseConfig.from(env),
                env.string("GENPICZ_HTTP_HOST", "0.0.0.0"),
                env.integer("GENPICZ_HTTP_PORT", 8080, 0, 65535),
                env.choice("GENPICZ_MODE", Mode.class, Mode.PRODUCTION) == Mode.PRODUCTION,
                env.duration("GENPICZ_SYNC_WAIT", Duration.ofSeconds(60)));
        env.validate();
        return config;
    }

    /** Where the platform runs. */
    public enum Mode { DEVELOPMENT, PRODUCTION }
}
