package com.genpicz.devstack;

import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DataRootLock;
import com.genpicz.infra.LocalInfrastructure;
import com.genpicz.ingress.tls.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.Map;

/** The whole platform on embedded Kafka, PostgreSQL and S3, with a demo account ready to use. */
public final class DevStack implements AutoCloseable {

    static final String S3_ACCESS_KEY = "genpicz-local";
    static final String S3_SECRET_KEY = "genpicz-local-secret";
    static final String DATABASE = "genpicz";
    static final String BUCKET = "genpicz-images";

    private final DataRootLock lock;
    private final LocalInfrastructure infrastructure;
    private final Platform platform;
    private final String demoKey;
    private final String adminToken;
    private final Path certificatePem;

    private DevStack(DataRootLock lock, LocalInfrastructure infrastructure, Platform platform, String demoKey,
                     String adminToken, Path certificatePem) {
        this.lock = lock;
        this.certificatePem = certificatePem;
        this.infrastructure = infrastructure;
        this.platform = platform;
        this.demoKey = demoKey;
        this.adminToken = adminToken;
    }

    private static String adminToken(Path dataDir) {
        LocalSecretFile file = new LocalSecretFile(dataDir.resolve("admin-token"));
        return file.read().orElseGet(() -> {
            String token = "gpadm_" + Identifiers.base62(32);
            file.write(token);
            return token;
        });
    }

    public String adminToken() {
        return adminToken;
    }

    public static DevStack start(DevStackSettings settings) {
        // First of all: a second stack on the same folder must not even wipe it.
        DataRootLock lock = DataRootLock.acquire(settings.dataDir());
        LocalInfrastructure infrastructure;
        try {
            if (settings.fresh()) {
                lock.wipeEverythingElse();
            }
            infrastructure = LocalInfrastructure.start(new LocalInfrastructure.Settings(
                    settings.dataDir(), settings.kafkaPort(), settings.postgresPort(), settings.s3Port(),
                    S3_ACCESS_KEY, S3_SECRET_KEY));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            String adminToken = adminToken(settings.dataDir());
            Map<String, String> environment = environment(settings, infrastructure);
            environment.put("GENPICZ_ADMIN_TOKEN", adminToken);
            SelfSignedCertificate certificate = SelfSignedCertificate.inDirectory(settings.dataDir().resolve("tls"));
            environment.put("GENPICZ_TLS_KEYSTORE", certificate.settings().keystore().toString());
            environment.put("GENPICZ_TLS_KEYSTORE_PASSWORD", certificate.settings().password());
            environment.put("GENPICZ_HTTPS_PORT", Integer.toString(settings.apiHttpsPort()));
            Platform platform = Platform.start(environment);
            String key = DemoAccount.ensure(platform.ingress().accounts(), platform.ingress().accountOpening(),
                    settings.dataDir().resolve("demo-api-key"));
            return new DevStack(lock, infrastructure, platform, key, adminToken, certificate.pem());
        } catch (RuntimeException e) {
            infrastructure.close();
            lock.close();
            throw e;
        }
    }

    /** The variables the services read, pointing at the embedded servers. */
    static Map<String, String> environment(DevStackSettings settings, LocalInfrastructure infrastructure) {
        Map<String, String> environment = new PlatformEnvironment(
                infrastructure.kafka().bootstrapServers(),
                TopicCatalog.DEFAULT_PREFIX,
                infrastructure.postgres().createDatabase(DATABASE),
                infrastructure.s3().endpoint(),
                infrastructure.s3().accessKey(),
                infrastructure.s3().secretKey(),
                BUCKET,
                settings.modelDir(),
                settings.apiPort()).variables();
        // Kept with the rest of the local data, so a restart resumes the usage projection instead of restoring it.
        environment.put("GENPICZ_USAGE_STATE_DIR", settings.dataDir().resolve("usage-state").toString());
        return environment;
    }

    public int apiPort() {
        return platform.ingress().port();
    }

    public int apiHttpsPort() {
        return platform.ingress().httpsPort();
    }

    /** The self-signed certificate clients trust: {@code curl --cacert <this>}. */
    public Path certificatePem() {
        return certificatePem;
    }

    public String demoKey() {
        return demoKey;
    }

    public Platform platform() {
        return platform;
    }

    @Override
    public void close() {
        platform.close();
        infrastructure.close();
        lock.close();
    }
}
