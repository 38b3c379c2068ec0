import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.TopicProvisioner;
import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.inference.service.InferenceConfig;
import com.genpicz.inference.service.InferenceMetrics;
import com.genpicz.inference.service.InferenceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * (c) Pipeline overhead of inference-service: from the authorized event consumed to the image event published,
 * minus pure model time (sampling), on a real broker. Requests go one at a time so no batching wait is counted.
 * Usage: java -cp ... PipelineOverheadBench.java MODEL_DIR THREADS COUNT
 */
public final class PipelineOverheadBench {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]).toAbsolutePath();
        String threads = args[1];
        int count = Integer.parseInt(args[2]);
        Path data = Files.createTempDirectory("overhead-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(data, 0)) {
            KafkaConfig kafka = new KafkaConfig(broker.bootstrapServers(), "bench.", 1);
            TopicProvisioner.ensureTopics(kafka, kafka.topics().all());
            Map<String, String> env = Map.of("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "GENPICZ_TOPIC_PREFIX", "bench.", "GENPICZ_MODEL_DIR", model.toString(),
                    "GENPICZ_INFERENCE_THREADS", threads, "GENPICZ_INFERENCE_BATCH_SIZE", "1",
                    "GENPICZ_INFERENCE_BATCH_WAIT", "PT0S", "GENPICZ_METRICS_PORT", "-1");
            try (InferenceService service = InferenceService.start(InferenceConfig.from(new Env(env)));
                 EventPublisher publisher = new EventPublisher(KafkaClients.producer(kafka, "bench"), new EventCodec());
                 KafkaConsumer<String, byte[]> images = KafkaClients.consumer(kafka, "bench-reader", "bench", 10,
                         Duration.ofMinutes(1))) {
                images.subscribe(List.of(kafka.topics().imageRendered().name()));
                for (int i = 0; i < count + 2; i++) {
                    GenerationSpec spec = new GenerationSpec("a red circle", "", "auto", 512, 512, Quality.STANDARD, i, false);
                    publisher.publishAndWait(kafka.topics().generationAuthorized(), new GenerationAuthorized(
                            Identifiers.eventId(), Identifiers.generationId(), "acct_bench000000000", Instant.now(), spec, 1, null));
                    awaitOne(images);
                    if (i == 1) {
                        System.out.println("# warm-up done");
                    }
                }
                report(service.metrics(), count + 2);
            }
        }
    }

    private static void awaitOne(KafkaConsumer<String, byte[]> images) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (images.poll(Duration.ofMillis(100)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no image within 2 minutes");
            }
        }
    }

    private static void report(InferenceMetrics metrics, int generations) {
        double handling = metrics.meanHandlingSeconds() * 1000;
        double render = metrics.meanRenderSeconds() * 1000;
        double sampling = metrics.meanSamplingSecondsPerImage() * 1000;
        System.out.printf(Locale.ROOT, "overhead generations=%d consumed_to_published_ms=%.1f render_call_ms=%.1f "
                        + "model_sampling_ms=%.1f overhead_vs_model_ms=%.1f overhead_outside_render_ms=%.1f%n",
                generations, handling, render, sampling, handling - sampling, handling - render);
    }
}
