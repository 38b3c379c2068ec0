package com.genpicz.inference.service;

import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.BatchingRenderer;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.ImageRenderer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs inference: loads the model once, then renders authorized generations from a shared consumer group. */
public final class InferenceService implements RunningService {

    private final ServiceKafka kafka;
    private final ImageRenderer renderer;

    private InferenceService(ServiceKafka kafka, ImageRenderer renderer) {
        this.kafka = kafka;
        this.renderer = renderer;
    }

    public static InferenceService start(InferenceConfig config) {
        ImageRenderer renderer = new BatchingRenderer(DiffusionPipeline.load(config.modelDir(), config.threads()),
                config.batchSize(), config.batchWait());
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "inference-service");
        TopicCatalog topics = kafka.topics();
        RenderHandler handler = new RenderHandler(renderer, new RenderPlanner(), kafka.publisher(), topics);
        // Up to a batch of records is rendered at once; the loop keeps polling while renders run, so slow renders
        // never get this instance evicted from the group.
        kafka.startConcurrentLoop(topics.consumerGroup("inference"), List.of(topics.generationAuthorized()),
                config.batchSize(), handler);
        return new InferenceService(kafka, renderer);
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        kafka.close();
        renderer.close();
    }
}
