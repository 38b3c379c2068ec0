package com.genpicz.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Kafka, PostgreSQL and MinIO in Docker containers via Testcontainers, each started on first use. Images can be
 * overridden with {@code GENPICZ_TEST_KAFKA_IMAGE}, {@code GENPICZ_TEST_POSTGRES_IMAGE} and
 * {@code GENPICZ_TEST_MINIO_IMAGE}.
 */
final class ContainerTestServers implements TestServers {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerTestServers.class);
    private static final String MAX_MESSAGE_BYTES = Integer.toString(EmbeddedKafka.MAX_MESSAGE_BYTES);
    private static final int POSTGRES_PORT = 5432;

    private final LazyServer<KafkaContainer> kafka = new LazyServer<>(() -> started(
            new KafkaContainer(image("GENPICZ_TEST_KAFKA_IMAGE", "apache/kafka:4.1.0"))
                    .withEnv(Map.of(
                            "KAFKA_MESSAGE_MAX_BYTES", MAX_MESSAGE_BYTES,
                            "KAFKA_REPLICA_FETCH_MAX_BYTES", MAX_MESSAGE_BYTES,
                            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"))));
    private final LazyServer<PostgreSQLContainer> postgres = new LazyServer<>(() -> started(
            new PostgreSQLContainer(image("GENPICZ_TEST_POSTGRES_IMAGE", "postgres:17-alpine"))
                    .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300")));
    private final LazyServer<MinIOContainer> minio = new LazyServer<>(() -> started(
            new MinIOContainer(image("GENPICZ_TEST_MINIO_IMAGE", "minio/minio:RELEASE.2023-09-04T19-57-37Z"))
                    .withUserName(S3_ACCESS_KEY)
                    .withPassword(S3_SECRET_KEY)));

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.get().getBootstrapServers();
    }

    @Override
    public DatabaseCoordinates createDatabase(String name) {
        PostgreSQLContainer server = postgres.get();
        try (Connection admin = DriverManager.getConnection(
                server.getJdbcUrl(), server.getUsername(), server.getPassword())) {
            Databases.createIfMissing(admin, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        String url = "jdbc:postgresql://" + server.getHost() + ":" + server.getMappedPort(POSTGRES_PORT) + "/" + name;
        return new DatabaseCoordinates(url, server.getUsername(), server.getPassword());
    }

    @Override
    public String s3Endpoint() {
        return minio.get().getS3URL();
    }

    @Override
    public String s3AccessKey() {
        return minio.get().getUserName();
    }

    @Override
    public String s3SecretKey() {
        return minio.get().getPassword();
    }

    @Override
    public void close() {
        for (LazyServer<?> container : List.of(minio, postgres, kafka)) {
            try {
                container.close();
            } catch (Exception e) {
                LOG.warn("Could not stop a test container: {}", e.toString());
            }
        }
    }

    private static <C extends GenericContainer<?>> C started(C container) {
        long started = System.nanoTime();
        container.start();
        LOG.info("Container {} up after {} ms", container.getDockerImageName(), (System.nanoTime() - started) / 1_000_000);
        return container;
    }

    private static String image(String variable, String fallback) {
        String configured = System.getenv(variable);
        return configured == null || configured.isBlank() ? fallback : configured;
    }
}
