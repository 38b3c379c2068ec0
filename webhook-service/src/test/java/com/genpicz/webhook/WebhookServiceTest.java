package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class WebhookServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aCompletedGenerationOnKafkaReachesTheCustomerOnceEvenWhenTheEventIsRedelivered(TestInfrastructure infra)
            throws Exception {
        DatabaseCoordinates db = infra.newDatabase();
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("webhook-svc") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        WebhookConfig config = new WebhookConfig(kafka, WebhookTables.config(db), false, Duration.ofSeconds(5),
                Duration.ofMillis(200), 5);

        try (WebhookService service = WebhookService.start(config);
             Database database = Database.connect(config.database(), "test");
             EventPublisher publisher = new EventPublisher(KafkaClients.producer(kafka, "test"), new EventCodec());
             WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookTables tables = new WebhookTables(database.jdbi());
            String generation = tables.generation(Instant.parse("2025-06-01T10:32:44Z"));
            GenerationCompleted completed = OutcomeHandlerTest.completed(generation, receiver.url("/genpicz"));

            publisher.publishAndWait(topics.generationOutcomes(), completed);
            publisher.publishAndWait(topics.generationOutcomes(), completed);

            Eventually.await("the delivery", WAIT, () -> "delivered".equals(tables.delivery(generation).get("status")));
            // The second copy is on the same partition behind the first, so once the first was delivered the second
            // has been handled once its offset is committed; wait for that before counting requests.
            Eventually.await("both copies consumed", WAIT, () -> committed(kafka, kafka.topics().consumerGroup("webhooks")) >= 2);
            assertThat(receiver.requests()).hasSize(1);
            JsonNode body = new ObjectMapper().readTree(receiver.requests().get(0).body());
            assertThat(body.get("generation_id").asText()).isEqualTo(generation);
            assertThat(body.get("image_url").asText()).isEqualTo(completed.imageUrl());
            assertThat(body.get("created_at").asText()).isEqualTo("2025-06-01T10:32:44Z");
            assertThat(service.failure()).isNotDone();
        }
    }

    private static long committed(KafkaConfig kafka, String group) {
        try (var admin = KafkaClients.admin(kafka)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().startsWith(kafka.topicPrefix()))
                    .mapToLong(entry -> entry.getValue().offset())
                    .sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
