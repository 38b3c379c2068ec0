package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Instant;

/**
 * Keeps each generation's status current from the pipeline's events. Final states are sticky, so replays and
 * duplicates cannot move a generation backwards.
 */
public final class StatusProjector implements EventHandler {

    private final GenerationStore store;
    private final TopicCatalog topics;
    private final EventCodec codec;

    public StatusProjector(GenerationStore store, TopicCatalog topics, EventCodec codec) {
        this.store = store;
        this.topics = topics;
        this.codec = codec;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationAuthorized authorized) {
            store.markProcessing(authorized.generationId());
        } else if (event instanceof GenerationCompleted completed) {
            GenerationDeleted lateDeletion = new GenerationDeleted(Identifiers.eventId(), completed.generationId(),
                    completed.accountId(), Instant.now(), completed.objectKey());
            store.markCompleted(completed.generationId(), completed.imageUrl(), completed.objectKey(),
                    completed.occurredAt(), OutboxMessage.of(topics.generationDeleted(), lateDeletion, codec));
        } else if (event instanceof GenerationFailed failed) {
            store.markFailed(failed.generationId(), failed.code(), failed.message(), failed.occurredAt());
        }
    }
}
