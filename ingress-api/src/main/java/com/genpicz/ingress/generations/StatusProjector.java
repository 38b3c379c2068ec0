package com.genpicz.ingress.generations;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.kafka.EventHandler;

/**
 * Keeps each generation's status current from the pipeline's events. Final states are sticky, so replays and
 * duplicates cannot move a generation backwards.
 */
public final class StatusProjector implements EventHandler {

    private final GenerationStore store;

    public StatusProjector(GenerationStore store) {
        this.store = store;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationAuthorized authorized) {
            store.markProcessing(authorized.generationId());
        } else if (event instanceof GenerationCompleted completed) {
            store.markCompleted(completed.generationId(), completed.imageUrl(), completed.objectKey(),
                    completed.occurredAt());
        } else if (event instanceof GenerationFailed failed) {
            store.markFailed(failed.generationId(), failed.code(), failed.message(), failed.occurredAt());
        }
    }
}
