package com.genpicz.inference.service;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.failures.UnexpectedEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.kafka.StageRecorder;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.ImageRenderer;
import com.genpicz.inference.pipeline.RenderException;
import com.genpicz.inference.pipeline.RenderedImage;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders authorized generations. The libtorch side's failures are sorted here, at the adapter boundary:
 * a request the model cannot draw (invalid, non-finite output) fails the generation at once; an engine error is
 * tried again a few times by the loop and then fails it; a renderer closed or interrupted by a shutdown is never a
 * customer failure — the event is left for the partition's next owner, which renders it (seeded, so the same
 * image). A generation that failed already (deleted, timed out) is not rendered at all.
 */
public final class RenderHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(RenderHandler.class);
    /** Base64 inflates by 4/3 and the JSON envelope needs a little room; see docs/architecture.md. */
    private static final int MAX_PNG_BYTES = TopicCatalog.IMAGE_RECORD_MAX_BYTES / 4 * 3 - 64 * 1024;

    private final ImageRenderer renderer;
    private final RenderPlanner planner;
    private final EventPublisher publisher;
    private final TopicCatalog topics;
    private final InferenceMetrics metrics;
    private final FailedGenerations failedGenerations;
    private final StageRecorder stages;

    public RenderHandler(ImageRenderer renderer, RenderPlanner planner, EventPublisher publisher, TopicCatalog topics,
                         InferenceMetrics metrics, FailedGenerations failedGenerations) {
        this(renderer, planner, publisher, topics, metrics, failedGenerations, StageRecorder.none());
    }

    public RenderHandler(ImageRenderer renderer, RenderPlanner planner, EventPublisher publisher, TopicCatalog topics,
                         InferenceMetrics metrics, FailedGenerations failedGenerations, StageRecorder stages) {
        this.stages = stages;
        this.renderer = renderer;
        this.planner = planner;
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
        this.failedGenerations = failedGenerations;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationAuthorized authorized) {
            Optional<FailureCode> failure = failedGenerations.failureOf(authorized.generationId());
            if (failure.isPresent()) {
                metrics.skipped(failure.get().wireName());
                log.info("event=render_skipped generation_id={} reason={}", authorized.generationId(), failure.get());
                return;
            }
            render(authorized);
        }
    }

    private void render(GenerationAuthorized authorized) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        RenderedImage image;
        try {
            image = renderer.render(planner.plan(authorized.spec()));
        } catch (RenderException e) {
            failOrRethrow(authorized, e);
            return;
        }
        long renderNanos = System.nanoTime() - started;
        if (image.png().length > MAX_PNG_BYTES) {
            fail(authorized, FailureCode.IMAGE_TOO_LARGE, "The rendered image exceeds " + MAX_PNG_BYTES + " bytes.");
            return;
        }
        publisher.publishAndWait(topics.imageRendered(), new ImageRendered(Identifiers.eventId(),
                authorized.generationId(), authorized.accountId(), Instant.now(), image.width(), image.height(),
                authorized.spec().seed(), image.png(), authorized.webhookUrl(), authorized.spec().upscale()));
        long handlingNanos = System.nanoTime() - started;
        metrics.rendered(handlingNanos, renderNanos);
        timeStages(authorized, startedAt, image);
        log.info("event=image_rendered generation_id={} width={} height={} bytes={} render_ms={} total_ms={}",
                authorized.generationId(), image.width(), image.height(), image.png().length,
                renderNanos / 1_000_000, handlingNanos / 1_000_000);
    }

    private void timeStages(GenerationAuthorized authorized, Instant startedAt, RenderedImage image) {
        if (image.samplingStartedAt() != null) {
            stages.record(PipelineStage.SAMPLE, authorized.generationId(), authorized.accountId(), startedAt,
                    image.samplingStartedAt(), image.samplingFinishedAt());
        }
        stages.record(PipelineStage.RENDER, authorized, startedAt);
    }

    private void failOrRethrow(GenerationAuthorized authorized, RenderException e) {
        switch (e.reason()) {
            case RenderException.RENDERER_CLOSED, RenderException.INTERRUPTED ->
                    throw new AbandonedEventException("render of " + authorized.generationId() + " stopped: "
                            + e.reason(), e);
            case RenderException.ENGINE_FAILURE ->
                    throw new UnexpectedEventException(FailureCode.RENDER_FAILED, "the engine failed rendering "
                            + authorized.generationId() + ": " + e.getMessage(), e);
            default -> fail(authorized, FailureCode.RENDER_FAILED, "The image could not be rendered: " + e.reason());
        }
    }

    private void fail(GenerationAuthorized authorized, FailureCode code, String message) {
        metrics.failed(code.wireName());
        log.warn("event=render_failed generation_id={} code={} message=\"{}\"", authorized.generationId(), code, message);
        publisher.publishAndWait(topics.generationOutcomes(), new GenerationFailed(Identifiers.eventId(),
                authorized.generationId(), authorized.accountId(), Instant.now(), code, message,
                authorized.webhookUrl()));
    }
}
