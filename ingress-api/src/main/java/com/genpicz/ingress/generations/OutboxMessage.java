package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.topics.TopicSpec;

/** An event waiting in the outbox table to be published, already encoded. */
public record OutboxMessage(String topic, String key, String eventType, int schemaVersion, String eventId,
                            byte[] payload) {

    public static OutboxMessage of(TopicSpec topic, GenerationEvent event, EventCodec codec) {
        return new OutboxMessage(topic.name(), event.generationId(), event.type(), event.schemaVersion(),
                event.eventId(), codec.encode(event));
    }
}
