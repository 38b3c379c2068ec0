package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class TopicProvisionerTest {

    @Test
    void missingTopicsAreCreatedWithTheCatalogsPartitionsRetentionAndSizeLimit(TestInfrastructure infra)
            throws Exception {
        TopicCatalog catalog = new TopicCatalog(infra.uniqueName("provision") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), catalog.prefix(), 1);

        TopicProvisioner.ensureTopics(kafka, catalog.all());

        try (Admin admin = KafkaClients.admin(kafka)) {
            List<String> names = catalog.all().stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(described.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(6));

            TopicSpec images = catalog.imageRendered();
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, images.name())))
                    .all().get().values().iterator().next();
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(Long.toString(images.retention().toMillis()));
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                    .isEqualTo(Integer.toString(TopicCatalog.IMAGE_RECORD_MAX_BYTES));
        }
    }

    @Test
    void provisioningAgainLeavesExistingTopicsAloneAndAddsOnlyWhatIsMissing(TestInfrastructure infra)
            throws Exception {
        TopicCatalog catalog = new TopicCatalog(infra.uniqueName("provision") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), catalog.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, List.of(catalog.generationRequested()));

        TopicProvisioner.ensureTopics(kafka, List.of(catalog.generationRequested(), catalog.generationOutcomes()));
        TopicProvisioner.ensureTopics(kafka, List.of(catalog.generationRequested(), catalog.generationOutcomes()));

        Set<String> expected = Set.of(catalog.generationRequested().name(), catalog.generationOutcomes().name());
        try (Admin admin = KafkaClients.admin(kafka)) {
            assertThat(topicsWithPrefix(admin, catalog.prefix())).isEqualTo(expected);
        }
    }

    private static Set<String> topicsWithPrefix(Admin admin, String prefix) {
        try {
            return admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(prefix))
                    .collect(Collectors.toSet());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
