package com.genpicz.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.sampling.QualityProfiles;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** inference-service between real topics: authorized generations in, rendered images or failures out. */
@ExtendWith(RealInfrastructure.class)
class InferenceServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static InferenceService service;
    private static KafkaConfig kafka;
    private static EventPublisher publisher;
    private static KafkaConsumer<String, byte[]> outputs;
    private static final Map<String, GenerationEvent> seen = new ConcurrentHashMap<>();
    /** A reader of failures like the service's own, to know when the service can have seen one. */
    private static FailedGenerations failedGenerations;
    private static FailedGenerations probe;

    @BeforeAll
    static void start(TestInfrastructure infra) {
        String prefix = infra.uniqueName("inference") + ".";
        Map<String, String> env = Map.of(
                "GENPICZ_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers(),
                "GENPICZ_TOPIC_PREFIX", prefix,
                "GENPICZ_MODEL_DIR", Path.of("../models/tiny-random").toAbsolutePath().toString(),
                "GENPICZ_INFERENCE_THREADS", "1",
                "GENPICZ_INFERENCE_BATCH_SIZE", "4",
                "GENPICZ_METRICS_PORT", "0");
        service = InferenceService.start(InferenceConfig.from(new Env(env)));
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), prefix, 1);
        publisher = new EventPublisher(KafkaClients.producer(kafka, "inference-test"), new EventCodec());
        outputs = KafkaClients.consumer(kafka, infra.uniqueName("inference-test"), "inference-test", 100,
                Duration.ofMinutes(1));
        outputs.subscribe(List.of(kafka.topics().imageRendered().name(), kafka.topics().generationOutcomes().name()));
        failedGenerations = new FailedGenerations(kafka, kafka.topics().generationOutcomes(), new EventCodec(),
                Duration.ofMinutes(5), "inference-test-failures").start();
        probe = failedGenerations;
    }

    @AfterAll
    static void stop() {
        failedGenerations.close();
        outputs.close();
        publisher.close();
        service.close();
    }

    @Test
    void authorizedGenerationsBecomeRenderedPngsOfTheirSizeAndAreCountedInTheMetrics() throws Exception {
        List<GenerationAuthorized> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(authorized(new GenerationSpec("a red circle " + i, null, "auto", 512, 768, Quality.STANDARD, i, false)));
        }
        requests.forEach(request -> publisher.publishAndWait(kafka.topics().generationAuthorized(), request));

        for (GenerationAuthorized request : requests) {
            ImageRendered rendered = (ImageRendered) awaitOutput(request.generationId());
            assertThat(rendered.width()).isEqualTo(512);
            assertThat(rendered.height()).isEqualTo(768);
            assertThat(rendered.seed()).isEqualTo(request.spec().seed());
            assertThat(ImageIO.read(new ByteArrayInputStream(rendered.png())).getHeight()).isEqualTo(768);
        }
        String metrics = scrapeMetrics();
        assertThat(metrics).contains("genpicz_inference_images_total{", "genpicz_inference_sampling_seconds_bucket{",
                "genpicz_inference_queue_wait_seconds_bucket{", "genpicz_inference_batch_size_bucket{",
                "genpicz_consumer_records_total{", "service=\"inference-service\"");
        assertThat(service.metrics().meanSamplingSecondsPerImage()).isPositive();
        assertThat(Double.parseDouble(metrics.lines().filter(line -> line.startsWith("genpicz_inference_images_total{"))
                .findFirst().orElseThrow().split(" ")[1])).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theSameRequestRenderedTwiceGivesTheSameBytesSoAReplayAfterACrashChangesNothingDownstream() {
        GenerationSpec spec = new GenerationSpec("a blue square", "", "auto", 512, 512, Quality.STANDARD, 99, false);
        GenerationAuthorized first = authorized(spec);
        GenerationAuthorized replay = new GenerationAuthorized(Identifiers.eventId(), first.generationId(),
                first.accountId(), Instant.now(), spec, PriceTable.creditsFor(spec), null);

        publisher.publishAndWait(kafka.topics().generationAuthorized(), first);
        ImageRendered original = (ImageRendered) awaitOutput(first.generationId());
        seen.remove(first.generationId());
        publisher.publishAndWait(kafka.topics().generationAuthorized(), replay);
        ImageRendered again = (ImageRendered) awaitOutput(first.generationId());

        assertThat(again.png()).isEqualTo(original.png());
    }

    @Test
    void anUpscaleRequestIsRenderedAtTheRequestedSizeAndHandedToStorageMarkedForUpscaling() {
        GenerationAuthorized upscale = authorized(new GenerationSpec("x", null, "auto", 512, 512, Quality.STANDARD, 1, true));

        publisher.publishAndWait(kafka.topics().generationAuthorized(), upscale);

        ImageRendered rendered = (ImageRendered) awaitOutput(upscale.generationId());
        assertThat(rendered.upscale()).isTrue();
        assertThat(rendered.width()).isEqualTo(512);
    }

    @Test
    void aRendererClosedByAShutdownLeavesTheGenerationForTheNextOwnerInsteadOfFailingIt() {
        DiffusionPipeline closed = DiffusionPipeline.load(Path.of("../models/tiny-random").toAbsolutePath(), 1);
        closed.close();
        RenderHandler handler = new RenderHandler(closed, new RenderPlanner(QualityProfiles.DEFAULTS), publisher,
                kafka.topics(), new InferenceMetrics(), failedGenerations);
        GenerationAuthorized request = authorized(new GenerationSpec("x", null, "auto", 512, 512, Quality.HD, 1, false));

        assertThatThrownBy(() -> handler.handle(request)).isInstanceOf(AbandonedEventException.class)
                .hasMessageContaining("renderer_closed");
    }

    @Test
    void aGenerationDeletedBeforeItsTurnIsNotRendered() {
        GenerationAuthorized deleted = authorized(new GenerationSpec("a green hill", null, "auto", 512, 512,
                Quality.STANDARD, 5, false));
        publisher.publishAndWait(kafka.topics().generationOutcomes(), new GenerationFailed(Identifiers.eventId(),
                deleted.generationId(), deleted.accountId(), Instant.now(), FailureCode.DELETED, "deleted", null));
        Eventually.await("the deletion to reach inference", WAIT,
                () -> probe.failureOf(deleted.generationId()).isPresent());

        publisher.publishAndWait(kafka.topics().generationAuthorized(), deleted);

        Eventually.await("the render to be skipped", WAIT, () -> service.metrics().skippedCount("deleted") >= 1);
        assertThat(awaitOutput(deleted.generationId())).isInstanceOf(GenerationFailed.class);
    }

    private static GenerationAuthorized authorized(GenerationSpec spec) {
        return new GenerationAuthorized(Identifiers.eventId(), Identifiers.generationId(), TestEvents.ACCOUNT,
                Instant.now(), spec, PriceTable.creditsFor(spec), null);
    }

    private static synchronized GenerationEvent awaitOutput(String generationId) {
        EventCodec codec = new EventCodec();
        return Eventually.await("output for " + generationId, WAIT, () -> {
            for (ConsumerRecord<String, byte[]> record : outputs.poll(Duration.ofMillis(200))) {
                seen.put(record.key(), codec.decode(record.headers(), record.value()));
            }
            return seen.get(generationId);
        }, event -> event != null);
    }

    private static String scrapeMetrics() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.operationsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
