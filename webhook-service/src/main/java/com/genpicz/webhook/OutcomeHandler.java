package com.genpicz.webhook;

import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.kafka.EventHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues a webhook for each finished generation that asked for one — for its first outcome only: a completion
 * that arrives after the generation timed out or was deleted sends nothing, and neither does a second failure.
 * A deletion sends nothing itself (the customer asked for it) but still counts as the first outcome. The queue
 * row is written before the offset is committed, so a crash between the two only re-queues (a no-op), and the
 * dispatcher delivers after restarts.
 */
public final class OutcomeHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(OutcomeHandler.class);

    private final DeliveryStore store;
    private final Runnable wakeDispatcher;

    public OutcomeHandler(DeliveryStore store, Runnable wakeDispatcher) {
        this.store = store;
        this.wakeDispatcher = wakeDispatcher;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationCompleted completed && completed.webhookUrl() != null) {
            queue(event, completed.webhookUrl(), WebhookPayloads.completed(completed, createdAt(event)));
        } else if (event instanceof GenerationFailed failed && failed.webhookUrl() != null) {
            if (failed.code() == FailureCode.DELETED) {
                store.suppress(failed.generationId(), failed.type(), failed.webhookUrl());
            } else {
                queue(event, failed.webhookUrl(), WebhookPayloads.failed(failed, createdAt(event)));
            }
        }
    }

    private void queue(GenerationEvent event, String url, byte[] payload) {
        if (store.enqueue(event.generationId(), event.type(), url, payload)) {
            log.info("event=webhook_queued generation_id={} type={}", event.generationId(), event.type());
            wakeDispatcher.run();
        }
    }

    private Instant createdAt(GenerationEvent event) {
        Instant created = store.generationCreatedAt(event.generationId());
        return created != null ? created : event.occurredAt();
    }
}
