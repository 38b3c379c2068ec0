package com.genpicz.common.kafka;

import com.genpicz.common.events.GenerationEvent;

/**
 * Processes one event. Must be idempotent (keyed by generation or event id): every event is delivered at least
 * once. Throw {@link RetriableEventException}, {@link PoisonEventException} or {@link FatalEventException} to say
 * how a failure should be treated; see {@link FailureKind#of(Throwable)} for other exceptions.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(GenerationEvent event) throws Exception;
}
