package com.genpicz.inference.service;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.ImageRenderer;
import com.genpicz.inference.pipeline.RenderException;
import com.genpicz.inference.pipeline.RenderedImage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders authorized generations. A render that cannot succeed becomes a {@code generation.failed} event (which
 * refunds the credits) rather than a retry loop; renders are seeded, so a replay after a crash draws the same image.
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

    public RenderHandler(ImageRenderer renderer, RenderPlanner planner, EventPublisher publisher, TopicCatalog topics,
                         InferenceMetrics metrics) {
        this.renderer = renderer;
        this.planner = planner;
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationAuthorized authorized) {
            render(authorized);
        }
    }

    private void render(GenerationAuthorized authorized) {
        long started = System.nanoTime();
        RenderedImage image;
        long renderNanos;
        try {
            image = renderer.render(planner.plan(authorized.spec()));
            renderNanos = System.nanoTime() - started;
        } catch (RenderException e) {
            fail(authorized, "render_failed", "The image could not be rendered: " + e.reason());
            return;
        }
        if (image.png().length > MAX_PNG_BYTES) {
            fail(authorized, "image_too_large", "The rendered image exceeds " + MAX_PNG_BYTES + " bytes.");
            return;
        }
        publisher.publishAndWait(topics.imageRendered(), new ImageRendered(Identifiers.eventId(),
                authorized.generationId(), authorized.accountId(), Instant.now(), image.width(), image.height(),
                authorized.spec().seed(), image.png(), authorized.webhookUrl(), authorized.spec().upscale()));
        long handlingNanos = System.nanoTime() - started;
        metrics.rendered(handlingNanos, renderNanos);
        log.info("event=image_rendered generation_id={} width={} height={} bytes={} render_ms={} total_ms={}",
                authorized.generationId(), image.width(), image.height(), image.png().length,
                renderNanos / 1_000_000, handlingNanos / 1_000_000);
    }

    private void fail(GenerationAuthorized authorized, String code, String message) {
        metrics.failed(code);
        log.warn("event=render_failed generation_id={} code={} message=\"{}\"", authorized.generationId(), code, message);
        publisher.publishAndWait(topics.generationOutcomes(), new GenerationFailed(Identifiers.eventId(),
                authorized.generationId(), authorized.accountId(), Instant.now(), code, message,
                authorized.webhookUrl()));
    }
}
