package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.EventInvariants;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.common.tracing.TraceHeaders;

/**
 * An event waiting in the outbox table to be published, already encoded, with the {@code traceparent} of the
 * request or handling that wrote it (null outside any trace).
 */
public record OutboxMessage(String topic, String key, String eventType, int schemaVersion, String eventId,
                            byte[] payload, String traceparent) {

    /** Encodes the event after checking its invariants, so the relay never publishes what readers would refuse. */
    public static OutboxMessage of(TopicSpec topic, GenerationEvent event, EventCodec codec) {
        EventInvariants.require(event);
        return new OutboxMessage(topic.name(), event.generationId(), event.type(), event.schemaVersion(),
                event.eventId(), codec.encode(event), TraceHeaders.currentTraceparent());
    }
}
