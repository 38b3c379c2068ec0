package com.genpicz.inference.service;

import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.operations.Operations;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.BatchingRenderer;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.ImageRenderer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs inference: loads the model once, then renders authorized generations from a shared consumer group. */
public final class InferenceService implements RunningService {

    private static final Logger log = LoggerFactory.getLogger(InferenceService.class);

    private final Operations operations;
    private final ServiceKafka kafka;
    private final ImageRenderer renderer;
    private final InferenceMetrics metrics;
    private final FailedGenerations failedGenerations;

    private InferenceService(Operations operations, ServiceKafka kafka, ImageRenderer renderer,
                             InferenceMetrics metrics, FailedGenerations failedGenerations) {
        this.operations = operations;
        this.failedGenerations = failedGenerations;
        this.kafka = kafka;
        this.renderer = renderer;
        this.metrics = metrics;
    }

    public static InferenceService start(InferenceConfig config) {
        warnIfGlibcReturnsTensorsToTheSystem();
        // First, so that probes answer (live, not ready) while the model loads.
        return Operations.startFirst("inference-service", config.operations(),
                operations -> start(config, operations));
    }

    private static InferenceService start(InferenceConfig config, Operations operations) {
        operations.readiness().add("kafka", new KafkaReadiness(config.kafka()));
        InferenceMetrics metrics = new InferenceMetrics(operations.meters());
        DiffusionPipeline pipeline = DiffusionPipeline.load(config.modelDir(), config.threads(), config.device())
                .observeSampling(metrics);
        ImageRenderer renderer = new BatchingRenderer(pipeline, config.batchSize(), config.batchWait(), metrics);
        RenderPlanner planner = new RenderPlanner(pipeline.config().qualityProfiles());
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "inference-service", operations.meters(),
                operations.tracer());
        TopicCatalog topics = kafka.topics();
        FailedGenerations failed = new FailedGenerations(config.kafka(), topics.generationOutcomes(), kafka.codec(),
                config.failedLookback(), "inference-failed-generations").start();
        RenderHandler handler = new RenderHandler(renderer, planner, kafka.publisher(), topics, metrics, failed,
                kafka.stages());
        // Up to a batch of records is rendered at once; the loop keeps polling while renders run, so slow renders
        // never get this instance evicted from the group.
        kafka.loop(topics.consumerGroup("inference"), List.of(topics.generationAuthorized()))
                .concurrency(config.batchSize()).failingGenerationsOnGiveUp().start(handler);
        InferenceService service = new InferenceService(operations, kafka, renderer, metrics, failed);
        operations.running(service.failure());
        return service;
    }

    private static void warnIfGlibcReturnsTensorsToTheSystem() {
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
            log.warn("MALLOC_MMAP_THRESHOLD_ is not set: glibc will unmap libtorch's freed tensors after every call, which "
                    + "made batched renders up to 4x slower; start the JVM with the MALLOC_ settings of docs/inference.md");
        }
    }

    public InferenceMetrics metrics() {
        return metrics;
    }

    /** The operations port ({@code /metrics}, {@code /livez}, {@code /readyz}); -1 when turned off. */
    @Override
    public int operationsPort() {
        return operations.port();
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        operations.stopping();
        // The loop first: running renders finish and are committed, unstarted ones stay for the next owner.
        kafka.close();
        renderer.close();
        failedGenerations.close();
        operations.close();
    }
}
