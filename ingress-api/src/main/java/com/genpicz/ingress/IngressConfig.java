package com.genpicz.ingress;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.ingress.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.genpicz.common.config.InternalToken;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ingress-api settings.
 *
 * @param production refuse webhook URLs that are not HTTPS or point at internal addresses
 * @param syncWait   how long {@code POST /v1/generate} without a webhook waits for the image before answering 202
 * @param adminToken bearer token of the admin API; null disables the admin API
 * @param authCacheTtl how long a verified key is remembered; revocations reach other instances within it
 * @param tls        certificate for the HTTPS port; null serves plain HTTP only (behind a TLS-terminating proxy)
 * @param generationTimeout how long a generation may stay unfinished before the sweeper fails it with
 *                   {@code timed_out} (and refunds it); longer than {@code syncWait}
 * @param sweepInterval how often each instance looks for such generations
 * @param internalToken bearer token of the internal API other services call (and that ingress uses to call them)
 * @param webhookServiceUrls webhook-service instances, for the delivery log and redelivery
 * @param webhookSecretOverlap how long a rotated-out webhook secret keeps signing beside the new one
 */
public record IngressConfig(
        KafkaConfig kafka,
        DatabaseConfig database,
        String host,
        int port,
        boolean production,
        Duration syncWait,
        String adminToken,
        int httpsPort,
        TlsSettings tls,
        Set<String> trustedProxies,
        boolean allowPlainHttp,
        Duration authCacheTtl,
        Duration generationTimeout,
        Duration sweepInterval,
        String internalToken,
        List<String> webhookServiceUrls,
        Duration webhookSecretOverlap,
        List<String> accountingServiceUrls,
        OperationsConfig operations) {

    public static IngressConfig from(Env env) {
        IngressConfig config = new IngressConfig(
                KafkaConfig.from(env),
                // A request must not wait long for a connection: a database in trouble is a 503 well within a second.
                DatabaseConfig.from(env, Duration.ofMillis(500)),
                env.string("GENPICZ_HTTP_HOST", "0.0.0.0"),
                env.integer("GENPICZ_HTTP_PORT", 8080, 0, 65535),
                env.choice("GENPICZ_MODE", Mode.class, Mode.PRODUCTION) == Mode.PRODUCTION,
                env.duration("GENPICZ_SYNC_WAIT", Duration.ofSeconds(60)),
                env.secret("GENPICZ_ADMIN_TOKEN", null),
                env.integer("GENPICZ_HTTPS_PORT", 8443, 0, 65535),
                tls(env),
                trustedProxies(env),
                env.bool("GENPICZ_ALLOW_PLAIN_HTTP", false),
                env.duration("GENPICZ_AUTH_CACHE_TTL", Duration.ofSeconds(5)),
                env.duration("GENPICZ_GENERATION_TIMEOUT", Duration.ofMinutes(5)),
                env.duration("GENPICZ_SWEEP_INTERVAL", Duration.ofSeconds(15)),
                InternalToken.from(env),
                env.urls("GENPICZ_WEBHOOK_SERVICE_URL", "http://localhost:8090"),
                env.duration("GENPICZ_WEBHOOK_SECRET_OVERLAP", Duration.ofHours(24)),
                env.urls("GENPICZ_ACCOUNTING_SERVICE_URL", "http://localhost:8091"),
                OperationsConfig.from(env));
        if (config.generationTimeout().compareTo(config.syncWait()) <= 0) {
            env.reject("GENPICZ_GENERATION_TIMEOUT (" + config.generationTimeout() + ") must be longer than "
                    + "GENPICZ_SYNC_WAIT (" + config.syncWait() + "): a synchronous caller must not be timed out "
                    + "while it waits");
        }
        if (config.sweepInterval().isZero() || config.sweepInterval().isNegative()) {
            env.reject("GENPICZ_SWEEP_INTERVAL must be positive");
        }
        if (config.production() && config.allowPlainHttp()) {
            env.reject("GENPICZ_ALLOW_PLAIN_HTTP=true is only allowed with GENPICZ_MODE=development");
        }
        if (config.adminToken() != null && config.adminToken().length() < 24) {
            env.reject("GENPICZ_ADMIN_TOKEN must be at least 24 characters");
        }
        env.validate();
        return config;
    }

    /** Addresses and ranges (CIDR {@code 10.0.0.0/8}, {@code fd00::/8}, or {@code a-b}), comma-separated. */
    private static Set<String> trustedProxies(Env env) {
        Set<String> patterns = java.util.Arrays.stream(env.string("GENPICZ_TRUSTED_PROXIES", "").split(","))
                .map(String::trim).filter(pattern -> !pattern.isEmpty())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String pattern : patterns) {
            try {
                org.eclipse.jetty.util.InetAddressPattern.from(pattern);
            } catch (IllegalArgumentException e) {
                env.reject("GENPICZ_TRUSTED_PROXIES has '" + pattern + "', which is neither an address nor a range "
                        + "such as 10.0.0.0/8");
            }
        }
        return Set.copyOf(patterns);
    }

    private static TlsSettings tls(Env env) {
        String keystore = env.string("GENPICZ_TLS_KEYSTORE", null);
        String password = env.secret("GENPICZ_TLS_KEYSTORE_PASSWORD", null);
        if (keystore == null) {
            return null;
        }
        if (!Files.isReadable(Path.of(keystore))) {
            env.reject("GENPICZ_TLS_KEYSTORE must be a readable PKCS#12 file but " + keystore + " is not");
        }
        if (password == null) {
            env.reject("GENPICZ_TLS_KEYSTORE_PASSWORD is required with GENPICZ_TLS_KEYSTORE");
        }
        return new TlsSettings(Path.of(keystore), password);
    }

    @Override
    public String toString() {
        return "IngressConfig[host=" + host + ", port=" + port + ", production=" + production + ", syncWait="
                + syncWait + ", adminApi=" + (adminToken != null) + ", httpsPort=" + httpsPort + ", tls=" + tls
                + ", trustedProxies=" + trustedProxies + ", allowPlainHttp=" + allowPlainHttp + ", generationTimeout="
                + generationTimeout + ", sweepInterval=" + sweepInterval + "]";
    }

    /** Where the platform runs. */
    public enum Mode { DEVELOPMENT, PRODUCTION }
}
