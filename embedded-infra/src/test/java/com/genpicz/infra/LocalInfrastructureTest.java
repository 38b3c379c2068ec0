package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Brokers started concurrently in one JVM would share node id 1 and its JMX names. */
@ResourceLock("kafka-broker")
class LocalInfrastructureTest {

    @TempDir
    Path root;

    @Test
    void startsAllThreeServersWithTheirDataUnderOneRoot() throws Exception {
        LocalInfrastructure.Settings settings = new LocalInfrastructure.Settings(root, 0, 0, 0, "dev", "dev-secret");
        try (LocalInfrastructure infra = LocalInfrastructure.start(settings)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafka().bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("requests", 1, (short) 1))).all().get();
            }
            PostgresServerTest.execute(infra.postgres().createDatabase("accounts"), "SELECT 1");
            try (S3Client s3 = S3ServerTest.client(infra.s3())) {
                s3.createBucket(b -> b.bucket("pictures"));
            }
        }
        assertThat(root.resolve("kafka/cluster.id")).isRegularFile();
        assertThat(root.resolve("postgres/PG_VERSION")).isRegularFile();
        assertThat(root.resolve("s3/pictures")).isDirectory();
        assertThat(Files.exists(root.resolve("postgres/postmaster.pid"))).as("postgres stopped").isFalse();
    }
}
