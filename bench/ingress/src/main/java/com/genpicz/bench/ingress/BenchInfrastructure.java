package com.genpicz.bench.ingress;

import com.genpicz.common.config.Env;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.infra.PostgresServer;
import com.genpicz.ingress.IngressConfig;
import com.genpicz.ingress.IngressService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded Kafka and PostgreSQL with ingress-api alone on top: no pipeline consumer runs, so nothing but the API's
 * own work is measured. Either server can be stopped and started again on the same port and data, as an outage.
 */
final class BenchInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchInfrastructure.class);
    private static final String DATABASE = "genpicz";

    private final Path dataDir;
    private final Map<String, String> postgresConfig;
    private final int kafkaPort;
    private final int postgresPort;
    private final DatabaseCoordinates database;
    private EmbeddedKafka kafka;
    private PostgresServer postgres;
    private IngressService ingress;

    private BenchInfrastructure(Path dataDir, Map<String, String> postgresConfig, EmbeddedKafka kafka,
                                PostgresServer postgres) {
        this.dataDir = dataDir;
        this.postgresConfig = postgresConfig;
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaPort = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        this.postgresPort = postgres.port();
        this.database = postgres.createDatabase(DATABASE);
    }

    /** Starts both servers at once on fresh folders under {@code dataDir}, then ingress-api on a free local port. */
    static BenchInfrastructure start(Path dataDir, Map<String, String> postgresConfig, int poolSize) {
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(
                () -> EmbeddedKafka.start(dataDir.resolve("kafka"), 0));
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(
                () -> PostgresServer.start(dataDir.resolve("postgres"), 0, postgresConfig));
        try {
            CompletableFuture.allOf(kafka, postgres).join();
        } catch (CompletionException e) {
            closeStarted(kafka);
            closeStarted(postgres);
            throw e;
        }
        BenchInfrastructure infrastructure = new BenchInfrastructure(dataDir, postgresConfig, kafka.join(),
                postgres.join());
        try {
            infrastructure.ingress = IngressService.start(IngressConfig.from(new Env(infrastructure.environment(poolSize))));
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        LOG.info("ingress-api listening on 127.0.0.1:{} (Kafka 127.0.0.1:{}, PostgreSQL 127.0.0.1:{})",
                infrastructure.ingress.port(), infrastructure.kafkaPort, infrastructure.postgresPort);
        return infrastructure;
    }

    private static void closeStarted(CompletableFuture<? extends AutoCloseable> server) {
        try {
            server.join().close();
        } catch (Exception ignored) {
            // It did not start, or stopping it failed too: the start failure is what gets reported.
        }
    }

    private Map<String, String> environment(int poolSize) {
        Map<String, String> env = new HashMap<>();
        env.put("GENPICZ_MODE", "development");
        env.put("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("GENPICZ_TOPIC_PREFIX", TopicCatalog.DEFAULT_PREFIX);
        env.put("GENPICZ_DB_URL", database.jdbcUrl());
        env.put("GENPICZ_DB_USER", database.user());
        env.put("GENPICZ_DB_PASSWORD", database.password());
        env.put("GENPICZ_HTTP_HOST", "127.0.0.1");
        env.put("GENPICZ_HTTP_PORT", "0");
        // Plain HTTP on the loopback, as the dev stack does: TLS would be a proxy's cost, not the API's.
        env.put("GENPICZ_ALLOW_PLAIN_HTTP", "true");
        env.put("GENPICZ_HTTPS_PORT", "0");
        env.put("GENPICZ_METRICS_PORT", "-1");
        if (poolSize > 0) {
            env.put("GENPICZ_DB_POOL_SIZE", Integer.toString(poolSize));
        }
        return env;
    }

    IngressService ingress() {
        return ingress;
    }

    /** Where the API listens: plain HTTP on the loopback. */
    InetSocketAddress apiAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), ingress.port());
    }

    /** The {@code Host} header value for {@link #apiAddress()}. */
    String apiHost() {
        return "127.0.0.1:" + ingress.port();
    }

    /** A direct connection for the benchmark's own set-up and bookkeeping queries; the caller closes it. */
    Connection openConnection() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    /** Runs a bookkeeping query whose answer is one number, on a connection of its own. */
    long queryLong(String sql) throws SQLException {
        try (Connection connection = openConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The postmaster's pid file, which lets the CPU accounting find PostgreSQL's processes. */
    Path postmasterPidFile() {
        return dataDir.resolve("postgres").toAbsolutePath().resolve("postmaster.pid");
    }

    void stopKafka() {
        kafka.close();
    }

    void startKafkaAgain() {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort);
    }

    void stopPostgres() {
        postgres.close();
    }

    void startPostgresAgain() {
        postgres = PostgresServer.start(dataDir.resolve("postgres"), postgresPort, postgresConfig);
    }

    /** Stops ingress-api, then PostgreSQL, then Kafka; each is attempted even when an earlier one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {ingress, postgres, kafka}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Stopping the benchmark's servers failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
