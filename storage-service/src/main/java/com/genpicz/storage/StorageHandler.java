package com.genpicz.storage;

import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.kafka.StageRecorder;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads rendered images and announces the completed generation; removes images of deleted generations. An
 * image of a generation that failed meanwhile (deleted, timed out) is not stored.
 */
public final class StorageHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(StorageHandler.class);

    private final ImageStore store;
    private final EventPublisher publisher;
    private final TopicCatalog topics;
    private final String publicBaseUrl;
    private final FailedGenerations failedGenerations;
    private final StageRecorder stages;

    public StorageHandler(ImageStore store, EventPublisher publisher, TopicCatalog topics, String publicBaseUrl,
                          FailedGenerations failedGenerations) {
        this(store, publisher, topics, publicBaseUrl, failedGenerations, StageRecorder.none());
    }

    public StorageHandler(ImageStore store, EventPublisher publisher, TopicCatalog topics, String publicBaseUrl,
                          FailedGenerations failedGenerations, StageRecorder stages) {
        this.stages = stages;
        this.failedGenerations = failedGenerations;
        this.store = store;
        this.publisher = publisher;
        this.topics = topics;
        this.publicBaseUrl = publicBaseUrl.endsWith("/")
                ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof ImageRendered rendered) {
            store(rendered);
        } else if (event instanceof GenerationDeleted deleted) {
            store.delete(deleted.objectKey() != null ? deleted.objectKey() : ObjectKeys.forGeneration(deleted.generationId()));
            log.info("event=image_deleted generation_id={}", deleted.generationId());
        }
    }

    private void store(ImageRendered rendered) {
        Instant startedAt = Instant.now();
        Optional<FailureCode> failure = failedGenerations.failureOf(rendered.generationId());
        if (failure.isPresent()) {
            // Deleted or timed out while it rendered: nobody may see it, so it is not stored at all.
            log.info("event=image_not_stored generation_id={} reason={}", rendered.generationId(), failure.get());
            return;
        }
        PngIntegrity.requireWhole(rendered.png());
        String key = ObjectKeys.forGeneration(rendered.generationId());
        Upscaler.Upscaled image = rendered.upscale()
                ? Upscaler.fourTimes(rendered.png())
                : new Upscaler.Upscaled(rendered.png(), rendered.width(), rendered.height());
        store.putPng(key, image.png());
        String url = publicBaseUrl + "/" + key;
        log.info("event=image_stored generation_id={} object_key={} bytes={} width={} height={} upscaled={}",
                rendered.generationId(), key, image.png().length, image.width(), image.height(), rendered.upscale());
        publisher.publishAndWait(topics.generationOutcomes(), new GenerationCompleted(Identifiers.eventId(),
                rendered.generationId(), rendered.accountId(), Instant.now(), url, key, image.width(),
                image.height(), rendered.webhookUrl()));
        stages.record(PipelineStage.STORE, rendered, startedAt);
    }
}
