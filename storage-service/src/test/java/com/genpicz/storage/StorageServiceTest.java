package com.genpicz.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.FreePort;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.S3Server;
import com.genpicz.infra.TestInfrastructure;
import java.awt.Color;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class StorageServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventCodec codec = new EventCodec();
    private final Map<String, List<GenerationEvent>> outcomesSeen = new ConcurrentHashMap<>();
    private TopicCatalog topics;
    private KafkaConfig kafka;
    private EventPublisher publisher;
    private KafkaConsumer<String, byte[]> outcomes;

    @BeforeEach
    void topics(TestInfrastructure infra) {
        topics = new TopicCatalog(infra.uniqueName("storage-svc") + ".");
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        publisher = new EventPublisher(KafkaClients.producer(kafka, "test"), codec);
        outcomes = KafkaClients.consumer(kafka, infra.uniqueName("test-reader"), "test-reader", 100,
                Duration.ofMinutes(1));
        outcomes.subscribe(List.of(topics.generationOutcomes().name()));
    }

    @AfterEach
    void close() {
        outcomes.close();
        publisher.close();
    }

    @Test
    void aRenderedImageBecomesACompletedGenerationWhoseUrlServesThePngUntilItIsDeleted(TestInfrastructure infra) {
        StorageConfig config = ImageStoreTest.config(infra, kafka, infra.uniqueName("images"));
        byte[] png = TestImages.png(512, 512, Color.ORANGE);
        ImageRendered rendered = new ImageRendered(Identifiers.eventId(), Identifiers.generationId(), TestEvents.ACCOUNT,
                Instant.now(), 512, 512, 7L, png, "https://example.com/hook", false);

        try (StorageService service = StorageService.start(config)) {
            publisher.publishAndWait(topics.imageRendered(), rendered);

            GenerationCompleted completed = (GenerationCompleted) awaitOutcome(rendered.generationId());
            String key = "gen/" + rendered.generationId().substring(4) + ".png";
            assertThat(completed.objectKey()).isEqualTo(key);
            assertThat(completed.imageUrl()).isEqualTo(config.publicBaseUrl() + "/" + key);
            assertThat(completed.width()).isEqualTo(512);
            assertThat(completed.height()).isEqualTo(512);
            assertThat(completed.accountId()).isEqualTo(TestEvents.ACCOUNT);
            assertThat(completed.webhookUrl()).isEqualTo("https://example.com/hook");
            HttpResponse<byte[]> image = TestImages.fetch(completed.imageUrl());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).isEqualTo(png);

            publisher.publishAndWait(topics.generationDeleted(), TestEvents.deleted(rendered.generationId()));

            Eventually.await("the image to disappear", WAIT,
                    () -> TestImages.fetch(completed.imageUrl()).statusCode() / 100 == 4);
            assertThat(service.failure()).isNotDone();
        }
    }

    @Test
    void aCorruptPngFailsItsGenerationAtOnceAndTheNextImageIsStoredAsUsual(TestInfrastructure infra) {
        StorageConfig config = ImageStoreTest.config(infra, kafka, infra.uniqueName("images"));
        byte[] png = TestImages.png(512, 512, Color.GREEN);
        byte[] corrupt = png.clone();
        corrupt[png.length / 2] ^= 0x10;
        ImageRendered broken = TestEvents.rendered(Identifiers.generationId(), corrupt, 512, 512);
        ImageRendered fine = TestEvents.rendered(Identifiers.generationId(), png, 512, 512);

        try (StorageService service = StorageService.start(config)) {
            publisher.publishAndWait(topics.imageRendered(), broken);
            publisher.publishAndWait(topics.imageRendered(), fine);

            GenerationFailed failed = (GenerationFailed) awaitOutcome(broken.generationId());
            assertThat(failed.code()).isEqualTo(FailureCode.RENDER_FAILED);
            assertThat(awaitOutcome(fine.generationId())).isInstanceOf(GenerationCompleted.class);
            assertThat(outcomesSeen.get(broken.generationId())).hasSize(1);
            assertThat(service.failure()).isNotDone();
        }
    }

    @Test
    void anImageOfAGenerationThatFailedMeanwhileIsNotStored(TestInfrastructure infra) {
        StorageConfig config = ImageStoreTest.config(infra, kafka, infra.uniqueName("images"));
        ImageRendered deleted = TestEvents.rendered(Identifiers.generationId(), TestImages.png(512, 512, Color.RED),
                512, 512);
        ImageRendered kept = TestEvents.rendered(Identifiers.generationId(), TestImages.png(512, 512, Color.BLUE),
                512, 512);
        publisher.publishAndWait(topics.generationOutcomes(),
                TestEvents.failed(deleted.generationId(), FailureCode.DELETED, "deleted by its owner"));

        try (StorageService service = StorageService.start(config)) {
            publisher.publishAndWait(topics.imageRendered(), deleted);
            publisher.publishAndWait(topics.imageRendered(), kept);

            GenerationCompleted completed = (GenerationCompleted) awaitOutcome(kept.generationId());
            awaitCommitted(config, 2);
            assertThat(outcomesSeen.get(deleted.generationId())).singleElement().isInstanceOf(GenerationFailed.class);
            String deletedUrl = completed.imageUrl().replace(kept.generationId().substring(4),
                    deleted.generationId().substring(4));
            assertThat(TestImages.fetch(deletedUrl).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void imagesRenderedWhileTheS3ServerIsDownAreStoredOnceItIsBackWithNothingLost(TestInfrastructure infra)
            throws Exception {
        int port = FreePort.pick();
        Path data = Files.createTempDirectory(Path.of("target"), "s3-outage");
        S3Server s3 = S3Server.start(data, port, infra.s3AccessKey(), infra.s3SecretKey());
        StorageConfig config = ImageStoreTest.config(s3.endpoint(), infra, kafka, infra.uniqueName("images"));
        List<ImageRendered> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(TestEvents.rendered(Identifiers.generationId(), TestImages.png(512, 512, new Color(i * 40, 0, 0)),
                    512, 512));
        }

        try (StorageService service = StorageService.start(config)) {
            s3.close();
            try (RefusingServer down = new RefusingServer(port)) {
                images.forEach(image -> publisher.publishAndWait(topics.imageRendered(), image));
                Eventually.await("storage to have tried the server while it is down", WAIT,
                        () -> down.connections() >= 3);
            }
            s3 = S3Server.start(data, port, infra.s3AccessKey(), infra.s3SecretKey());

            for (ImageRendered image : images) {
                GenerationCompleted completed = (GenerationCompleted) awaitOutcome(image.generationId());
                assertThat(TestImages.fetch(completed.imageUrl()).body()).isEqualTo(image.png());
            }
            assertThat(outcomesSeen.values()).allSatisfy(events -> assertThat(events).hasSize(1));
            assertThat(service.failure()).isNotDone();
        } finally {
            s3.close();
        }
    }

    private GenerationEvent awaitOutcome(String generationId) {
        return Eventually.await("the outcome of " + generationId, WAIT, () -> {
            for (ConsumerRecord<String, byte[]> record : outcomes.poll(Duration.ofMillis(200))) {
                outcomesSeen.computeIfAbsent(record.key(), key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(codec.decode(record.headers(), record.value()));
            }
            List<GenerationEvent> events = outcomesSeen.get(generationId);
            return events == null ? null : events.get(0);
        }, event -> event != null);
    }

    /** Waits until storage committed {@code records} records of the image topic. */
    private void awaitCommitted(StorageConfig config, long records) {
        try (var admin = KafkaClients.admin(kafka)) {
            Eventually.await(records + " committed images", WAIT, () -> {
                try {
                    return admin.listConsumerGroupOffsets(topics.consumerGroup("storage")).partitionsToOffsetAndMetadata()
                            .get().entrySet().stream()
                            .filter(entry -> entry.getKey().topic().equals(topics.imageRendered().name()))
                            .mapToLong(entry -> entry.getValue().offset()).sum();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, committed -> committed >= records);
        }
    }

    /** Holds the S3 port while the server is down: accepts each connection and drops it at once, counting them. */
    private static final class RefusingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        RefusingServer(int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket accepted = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "refusing-s3");
            thread.start();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5_000);
        }
    }
}
