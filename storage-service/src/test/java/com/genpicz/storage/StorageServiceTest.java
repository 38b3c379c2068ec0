package com.genpicz.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class StorageServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventCodec codec = new EventCodec();

    @Test
    void aRenderedImageBecomesACompletedGenerationWhoseUrlServesThePngUntilItIsDeleted(TestInfrastructure infra) {
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("storage-svc") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        StorageConfig config = ImageStoreTest.config(infra, kafka, infra.uniqueName("images"));
        byte[] png = TestImages.png(16, 12, Color.ORANGE);
        ImageRendered rendered = new ImageRendered(Identifiers.eventId(), Identifiers.generationId(), "acct_1",
                Instant.now(), 16, 12, 7L, png, "https://example.com/hook", false);

        try (StorageService service = StorageService.start(config);
             EventPublisher publisher = new EventPublisher(KafkaClients.producer(kafka, "test"), codec);
             KafkaConsumer<String, byte[]> outcomes = KafkaClients.consumer(kafka, infra.uniqueName("test-reader"),
                     "test-reader", 100, Duration.ofMinutes(1))) {
            outcomes.subscribe(List.of(topics.generationOutcomes().name()));

            publisher.publishAndWait(topics.imageRendered(), rendered);

            GenerationCompleted completed = Eventually.await("the completed generation", WAIT,
                    () -> next(outcomes, rendered.generationId()), Optional::isPresent)
                    .map(GenerationCompleted.class::cast).orElseThrow();
            String key = "gen/" + rendered.generationId().substring(4) + ".png";
            assertThat(completed.objectKey()).isEqualTo(key);
            assertThat(completed.imageUrl()).isEqualTo(config.publicBaseUrl() + "/" + key);
            assertThat(completed.width()).isEqualTo(16);
            assertThat(completed.height()).isEqualTo(12);
            assertThat(completed.accountId()).isEqualTo("acct_1");
            assertThat(completed.webhookUrl()).isEqualTo("https://example.com/hook");
            HttpResponse<byte[]> image = TestImages.fetch(completed.imageUrl());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).isEqualTo(png);

            publisher.publishAndWait(topics.generationDeleted(), new GenerationDeleted(Identifiers.eventId(),
                    rendered.generationId(), "acct_1", Instant.now(), completed.objectKey()));

            Eventually.await("the image to disappear", WAIT,
                    () -> TestImages.fetch(completed.imageUrl()).statusCode() / 100 == 4);
            assertThat(service.failure()).isNotDone();
        }
    }

    private Optional<GenerationEvent> next(KafkaConsumer<String, byte[]> consumer, String generationId) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            GenerationEvent event = codec.decode(record.headers(), record.value());
            if (event.generationId().equals(generationId)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
