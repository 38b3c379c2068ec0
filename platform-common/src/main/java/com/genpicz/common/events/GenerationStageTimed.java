package com.genpicz.common.events;

import com.genpicz.common.generations.PipelineStage;
import java.time.Instant;

/**
 * How long one stage took for one generation, for the generation's timeline and for latency analytics. Published
 * after the stage's own work is durable and never read back by the pipeline itself, so losing one (the producer
 * does not retry it beyond its own retries) costs a line of the timeline, never a generation.
 *
 * @param queuedAt   when the event the stage started from was produced: {@code startedAt - queuedAt} is the wait
 * @param startedAt  when the stage began its work on this generation
 * @param finishedAt when the stage's result was durable
 */
public record GenerationStageTimed(
        String eventId,
        String generationId,
        String accountId,
        Instant occurredAt,
        PipelineStage stage,
        String service,
        String instance,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt) implements GenerationEvent {
}
