package com.genpicz.inference.service;

import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.ImageRenderer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs inference: loads the model once, then renders authorized generations from a shared consumer group. */
public final class InferenceService implements RunningService {

    public static final String CONSUMER_GROUP = "genpicz.inference";

    private final ServiceKafka kafka;
    private final ImageRenderer renderer;

    private InferenceService(ServiceKafka kafka, ImageRenderer renderer) {
        this.kafka = kafka;
        this.renderer = renderer;
    }

    public static InferenceService start(InferenceConfig config) {
        ImageRenderer renderer = DiffusionPipeline.load(config.modelDir(), config.threads());
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "inference-service");
        TopicCatalog topics = kafka.topics();
        RenderHandler handler = new RenderHandler(renderer, new RenderPlanner(), kafka.publisher(), topics);
        // One record per poll: a render takes seconds, and the poll interval must cover the whole batch.
        kafka.startLoop(CONSUMER_GROUP, List.of(topics.generationAuthorized()), 1, handler);
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
