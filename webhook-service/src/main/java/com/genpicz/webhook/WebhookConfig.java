package com.genpicz.webhook;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.InternalToken;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * webhook-service settings.
 *
 * @param production     refuse plain-HTTP and internal destinations (GENPICZ_MODE=production)
 * @param requestTimeout the most one attempt may take, connection and answer included
 * @param retrySchedule  waits between attempts; a delivery gets one attempt more than there are waits
 * @param concurrency    attempts in flight at once, over all destinations
 * @param perDestination attempts in flight at once to one destination (scheme, host and port); a destination that
 *                       timed out or refused its last attempt gets one until it answers again
 * @param apiPort        port of the internal API (delivery log, redelivery) and of {@code /metrics}; 0 picks one
 * @param internalToken  bearer token of the internal APIs, this one's and ingress's
 * @param ingressUrls    ingress instances, whose internal API has the accounts' signing secrets
 */
public record WebhookConfig(
        KafkaConfig kafka,
        DatabaseConfig database,
        boolean production,
        Duration requestTimeout,
        List<Duration> retrySchedule,
        int concurrency,
        int perDestination,
        int apiPort,
        String internalToken,
        List<String> ingressUrls,
        OperationsConfig operations) {

    public WebhookConfig {
        retrySchedule = List.copyOf(retrySchedule);
        ingressUrls = List.copyOf(ingressUrls);
    }

    public static WebhookConfig from(Env env) {
        WebhookConfig config = new WebhookConfig(
                KafkaConfig.from(env),
                DatabaseConfig.from(env),
                env.choice("GENPICZ_MODE", Mode.class, Mode.PRODUCTION) == Mode.PRODUCTION,
                env.duration("GENPICZ_WEBHOOK_TIMEOUT", Duration.ofSeconds(10)),
                schedule(env),
                env.integer("GENPICZ_WEBHOOK_CONCURRENCY", 128, 1, 4096),
                env.integer("GENPICZ_WEBHOOK_PER_DESTINATION", 8, 1, 256),
                env.integer("GENPICZ_WEBHOOK_API_PORT", 8090, 0, 65535),
                InternalToken.from(env),
                env.urls("GENPICZ_INGRESS_INTERNAL_URL", "http://localhost:8080"),
                OperationsConfig.from(env));
        env.validate();
        return config;
    }

    /** {@code GENPICZ_WEBHOOK_RETRY_SCHEDULE}: comma-separated waits, default Standard Webhooks' schedule. */
    private static List<Duration> schedule(Env env) {
        String text = env.string("GENPICZ_WEBHOOK_RETRY_SCHEDULE", null);
        if (text == null) {
            return RetrySchedule.STANDARD;
        }
        List<Duration> waits = new ArrayList<>();
        for (String part : text.split(",")) {
            Env single = new Env(java.util.Map.of("wait", part.trim()));
            Duration wait = single.duration("wait", null);
            if (wait == null || wait.isNegative() || wait.isZero()) {
                env.reject("GENPICZ_WEBHOOK_RETRY_SCHEDULE must list positive durations such as 5,PT5M,PT30M but has '"
                        + part.trim() + "'");
            } else {
                waits.add(wait);
            }
        }
        if (waits.isEmpty() || waits.size() > 30) {
            env.reject("GENPICZ_WEBHOOK_RETRY_SCHEDULE must list between 1 and 30 waits");
            return RetrySchedule.STANDARD;
        }
        return waits;
    }

    /** Where the platform runs. */
    public enum Mode { DEVELOPMENT, PRODUCTION }
}
