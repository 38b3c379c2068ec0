package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.ConfigException;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.KafkaSecurity;
import com.genpicz.infra.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services' Kafka security settings against a broker of the test's own that requires SASL/PLAIN. */
class KafkaSecurityTest {

    @Test
    void aServiceWithItsSaslCredentialsInAMountedFileConnectsAndOneWithAWrongPasswordIsRefused(
            @TempDir Path data, @TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("kafka-password"), "storage-secret\n");
        try (EmbeddedKafka broker = EmbeddedKafka.startWithSaslPlain(data, Map.of("storage", "storage-secret"))) {
            KafkaConfig right = config(broker, Map.of("GENPICZ_KAFKA_SASL_USERNAME", "storage",
                    "GENPICZ_KAFKA_SASL_PASSWORD_FILE", secrets.resolve("kafka-password").toString()));
            KafkaConfig wrong = config(broker, Map.of("GENPICZ_KAFKA_SASL_USERNAME", "storage",
                    "GENPICZ_KAFKA_SASL_PASSWORD", "guessed"));

            try (Admin admin = KafkaClients.admin(right)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            try (Admin admin = KafkaClients.admin(wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void saslWithoutCredentialsIsRefusedAtStartAndNoPasswordIsEverPrinted() {
        Env missing = new Env(Map.of("GENPICZ_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        KafkaSecurity.from(missing);
        KafkaSecurity configured = KafkaSecurity.from(new Env(Map.of("GENPICZ_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "GENPICZ_KAFKA_SASL_USERNAME", "ingress", "GENPICZ_KAFKA_SASL_PASSWORD", "hunter2-hunter2")));

        assertThatThrownBy(missing::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs GENPICZ_KAFKA_SASL_USERNAME and GENPICZ_KAFKA_SASL_PASSWORD");
        assertThat(configured.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(configured.toString()).doesNotContain("hunter2");
    }

    private static KafkaConfig config(EmbeddedKafka broker, Map<String, String> credentials) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
        env.put("GENPICZ_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("GENPICZ_KAFKA_SASL_MECHANISM", "PLAIN");
        Env variables = new Env(env);
        KafkaConfig config = KafkaConfig.from(variables);
        variables.validate();
        return config;
    }
}
