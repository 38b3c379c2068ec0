package com.genpicz.ingress.testing;

import com.genpicz.common.config.Env;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.IngressConfig;
import com.genpicz.ingress.IngressService;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.tls.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * ingress-api alone, in production mode, over real HTTPS, on its own database and topics. No pipeline runs behind
 * it: accepted generations stay queued, which is what contract tests of the API itself want.
 */
public final class IngressFixture implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

    private final Map<String, String> environment;
    private final IngressService service;
    private final SelfSignedCertificate certificate;
    private final DatabaseCoordinates database;
    private final TopicCatalog topics;

    private IngressFixture(Map<String, String> environment, IngressService service, SelfSignedCertificate certificate,
                           DatabaseCoordinates database, TopicCatalog topics) {
        this.environment = environment;
        this.service = service;
        this.certificate = certificate;
        this.database = database;
        this.topics = topics;
    }

    public static IngressFixture start(TestInfrastructure infra) {
        return start(infra, Map.of());
    }

    public static IngressFixture start(TestInfrastructure infra, Map<String, String> overrides) {
        DatabaseCoordinates database = infra.newDatabase();
        SelfSignedCertificate certificate = SelfSignedCertificate.inDirectory(Path.of("target", "tls"));
        Map<String, String> env = new HashMap<>();
        String prefix = infra.uniqueName("ingress") + ".";
        env.put("GENPICZ_MODE", "production");
        env.put("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        env.put("GENPICZ_TOPIC_PREFIX", prefix);
        env.put("GENPICZ_DB_URL", database.jdbcUrl());
        env.put("GENPICZ_DB_USER", database.user());
        env.put("GENPICZ_DB_PASSWORD", database.password());
        env.put("GENPICZ_HTTP_HOST", "127.0.0.1");
        env.put("GENPICZ_HTTP_PORT", "0");
        env.put("GENPICZ_HTTPS_PORT", "0");
        env.put("GENPICZ_METRICS_PORT", "0");
        env.put("GENPICZ_TLS_KEYSTORE", certificate.settings().keystore().toAbsolutePath().toString());
        env.put("GENPICZ_TLS_KEYSTORE_PASSWORD", certificate.settings().password());
        env.put("GENPICZ_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("GENPICZ_INTERNAL_TOKEN", INTERNAL_TOKEN);
        // Nothing listens here: the delivery-log endpoints answer 503, as when webhook-service is away.
        env.put("GENPICZ_WEBHOOK_SERVICE_URL", "http://127.0.0.1:" + com.genpicz.infra.FreePort.pick());
        env.put("GENPICZ_SYNC_WAIT", "PT1S");
        // accounting-service does not run in ingress-only tests: nothing answers there.
        env.put("GENPICZ_ACCOUNTING_SERVICE_URL", "http://127.0.0.1:" + com.genpicz.infra.FreePort.pick());
        env.putAll(overrides);
        IngressService service = IngressService.start(IngressConfig.from(new Env(env)));
        return new IngressFixture(env, service, certificate, database, new TopicCatalog(prefix));
    }

    /** Another ingress instance on the same database and topics, as in a scaled-out deployment. */
    public IngressFixture secondInstance() {
        IngressService second = IngressService.start(IngressConfig.from(new Env(environment)));
        return new IngressFixture(environment, second, certificate, database, topics);
    }

    /** A client of the public API over HTTPS ({@code …/v1}). */
    public ApiClient api() {
        return new ApiClient("https://127.0.0.1:" + service.httpsPort() + "/v1", certificate.clientContext());
    }

    /** A client of the server root over HTTPS (admin API, style images). */
    public ApiClient root() {
        return new ApiClient("https://127.0.0.1:" + service.httpsPort(), certificate.clientContext());
    }

    /** A client of the plain-HTTP port. */
    public ApiClient plainHttp() {
        return new ApiClient("http://127.0.0.1:" + service.port());
    }

    /** The routes the server registered, "METHOD /path". */
    public java.util.List<String> apiRoutes() {
        return service.routes();
    }

    public AccountStore accounts() {
        return service.accounts();
    }

    public DatabaseCoordinates database() {
        return database;
    }

    public TopicCatalog topics() {
        return topics;
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /**
     * A new account on {@code plan} with {@code credits} and one API key. Credits are accounting's, which these
     * tests do not run: the fixture writes the balance and its grant as accounting would.
     */
    public Customer newCustomer(Plan plan, long credits) {
        Account created = accounts().create(Identifiers.base62(10).toLowerCase() + "@example.com", plan);
        grantAsAccountingWould(created.id(), credits);
        Account account = accounts().find(created.id()).orElseThrow();
        return new Customer(account, accounts().createApiKey(account.id(), Identifiers.apiKeyId()).plaintext());
    }

    /** Changes the balance and records the grant, standing in for accounting-service in ingress-only tests. */
    public void grantAsAccountingWould(String accountId, long credits) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(),
                database.user(), database.password());
             java.sql.PreparedStatement balance = connection.prepareStatement(
                     "update accounts set credits = credits + ? where id = ?");
             java.sql.PreparedStatement ledger = connection.prepareStatement(
                     "insert into credit_ledger (account_id, entry, amount, reason) values (?, 'grant', ?, 'test')")) {
            balance.setLong(1, credits);
            balance.setString(2, accountId);
            balance.executeUpdate();
            ledger.setString(1, accountId);
            ledger.setLong(2, credits);
            ledger.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot grant test credits", e);
        }
    }

    /** An account and a key of it. */
    public record Customer(Account account, String key) {
    }

    @Override
    public void close() {
        service.close();
    }
}
