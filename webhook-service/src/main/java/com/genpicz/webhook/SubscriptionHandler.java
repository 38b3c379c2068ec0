package com.genpicz.webhook;

import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.kafka.EventHandler;

/**
 * Learns from {@code generation.requested} which generations want a webhook, where, and when they were created,
 * so that webhook-service needs nothing from ingress's tables to announce an outcome.
 */
final class SubscriptionHandler implements EventHandler {

    private final SubscriptionStore subscriptions;

    SubscriptionHandler(SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationRequested requested && requested.webhookUrl() != null) {
            subscriptions.add(new Subscription(requested.generationId(), requested.accountId(),
                    requested.webhookUrl(), requested.occurredAt()));
        }
    }
}
