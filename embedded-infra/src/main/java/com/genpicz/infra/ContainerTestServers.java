package com.genpicz.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    private KafkaContainer kafka;
    private PostgreSQLContainer postgres;
    private MinIOContainer minio;

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            KafkaContainer container = new KafkaContainer(image("GENPICZ_TEST_KAFKA_IMAGE", "apache/kafka:4.1.0"))
                    .withEnv(Map.of(
                            "KAFKA_MESSAGE_MAX_BYTES", MAX_MESSAGE_BYTES,
                            "KAFKA_REPLICA_FETCH_MAX_BYTES", MAX_MESSAGE_BYTES,
                            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"));
            kafka = started(container);
        }
        return kafka.getBootstrapServers();
    }

    @Override
    public DatabaseCoordinates createDatabase(String name) {
        PostgreSQLContainer server = postgres();
        try (Connection admin = DriverManager.getConnection(
                server.getJdbcUrl(), server.getUsername(), server.getPassword())) {
            Databases.createIfMissing(admin, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        String url = "jdbc:postgresql://" + server.getHost() + ":" + server.getMappedPort(5432) + "/" + name;
        return new DatabaseCoordinates(url, server.getUsername(), server.getPassword());
    }

    @Override
    public String s3Endpoint() {
        return minio().getS3URL();
    }

    @Override
    public String s3AccessKey() {
        return minio().getUserName();
    }

    @Override
    public String s3SecretKey() {
        return minio().getPassword();
    }

    @Override
    public synchronized void close() {
        for (GenericContainer<?> container : new GenericContainer<?>[] {minio, postgres, kafka}) {
            if (container != null) {
                container.stop();
            }
        }
        minio = null;
        postgres = null;
        kafka = null;
    }

    private synchronized PostgreSQLContainer postgres() {
        if (postgres == null) {
            postgres = started(new PostgreSQLContainer(image("GENPICZ_TEST_POSTGRES_IMAGE", "postgres:17-alpine"))
                    .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300"));
        }
        return postgres;
    }

    private synchronized MinIOContainer minio() {
        if (minio == null) {
            minio = started(new MinIOContainer(image("GENPICZ_TEST_MINIO_IMAGE", "minio/minio:RELEASE.2023-09-04T19-57-37Z"))
                    .withUserName(S3_ACCESS_KEY)
                    .withPassword(S3_SECRET_KEY));
        }
        return minio;
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
