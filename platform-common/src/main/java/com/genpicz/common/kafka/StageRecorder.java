package com.genpicz.common.kafka;

import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationStageTimed;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes how long a stage took for a generation ({@link GenerationStageTimed}). Fire and forget: the stage's
 * result is already durable when it is timed, and a timeline line is not worth holding a handler for the broker's
 * acknowledgement; a lost one is counted in {@code genpicz_stage_timings_lost_total}.
 */
public final class StageRecorder {

    private static final Logger log = LoggerFactory.getLogger(StageRecorder.class);
    private static final StageRecorder NONE = new StageRecorder(null, null, "none", "none",
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    private final EventPublisher publisher;
    private final TopicSpec topic;
    private final String service;
    private final String instance;
    private final Counter lost;

    public StageRecorder(EventPublisher publisher, TopicSpec topic, String service, String instance,
                         MeterRegistry meters) {
        this.publisher = publisher;
        this.topic = topic;
        this.service = service;
        this.instance = instance;
        this.lost = Counter.builder("genpicz_stage_timings_lost_total")
                .description("Stage timings the broker did not take; their timeline lines are missing")
                .register(meters);
    }

    /** Records nothing: for handlers run outside a service, as in tests and tools. */
    public static StageRecorder none() {
        return NONE;
    }

    /** Times a stage that began at {@code startedAt} on {@code input} and finished now. */
    public void record(PipelineStage stage, GenerationEvent input, Instant startedAt) {
        record(stage, input.generationId(), input.accountId(), input.occurredAt(), startedAt, Instant.now());
    }

    public void record(PipelineStage stage, String generationId, String accountId, Instant queuedAt,
                       Instant startedAt, Instant finishedAt) {
        if (publisher == null) {
            return;
        }
        GenerationStageTimed timed = new GenerationStageTimed(Identifiers.eventId(), generationId, accountId,
                finishedAt, stage, service, instance, queuedAt, startedAt, finishedAt);
        try {
            publisher.publish(topic, timed).whenComplete((ignored, error) -> {
                if (error != null) {
                    lost(timed, error);
                }
            });
        } catch (RuntimeException e) {
            lost(timed, e);
        }
    }

    private void lost(GenerationStageTimed timed, Throwable error) {
        lost.increment();
        log.debug("event=stage_timing_lost stage={} generation_id={} reason=\"{}\"", timed.stage().wireName(),
                timed.generationId(), error.toString());
    }
}
