package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each generation's status current from the pipeline's events. The first outcome on the outcomes topic wins
 * (every service reads that one partition in the same order); later outcomes change nothing. Because ingress owns
 * the generations, it is also where events about generations it never accepted are caught: an authorization for
 * an unknown id fails it (refunding the debit), and the image of a completion nobody may see is removed again.
 */
public final class StatusProjector implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusProjector.class);

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
            if (!store.markProcessing(authorized.generationId())) {
                failUnknown(authorized);
            }
        } else if (event instanceof GenerationCompleted completed) {
            GenerationDeleted orphanRemoval = new GenerationDeleted(Identifiers.eventId(), completed.generationId(),
                    completed.accountId(), Instant.now(), completed.objectKey());
            store.markCompleted(completed.generationId(), completed.imageUrl(), completed.objectKey(),
                    completed.occurredAt(), OutboxMessage.of(topics.generationDeleted(), orphanRemoval, codec));
        } else if (event instanceof GenerationFailed failed) {
            store.markFailed(failed.generationId(), failed.code().wireName(), failed.message(), failed.occurredAt());
        }
    }

    /** Nobody here accepted this generation: whoever wrote its request, it must not cost the account anything. */
    private void failUnknown(GenerationAuthorized authorized) {
        log.warn("event=unknown_generation_authorized generation_id={} account_id={}", authorized.generationId(),
                authorized.accountId());
        GenerationFailed failure = new GenerationFailed(Identifiers.eventId(), authorized.generationId(),
                authorized.accountId(), Instant.now(), FailureCode.INVALID_EVENT,
                "GenPicz never accepted this generation.", null);
        store.queue(OutboxMessage.of(topics.generationOutcomes(), failure, codec));
    }
}
