package com.genpicz.webhook;

import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.kafka.EventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues a webhook for each finished generation that asked for one — for its first outcome only: a completion
 * that arrives after the generation timed out or was deleted sends nothing, and neither does a second failure.
 * A deletion sends nothing itself (the customer asked for it) but still counts as the first outcome. Where to send
 * it, whose secret signs it and the creation time the body reports come from webhook-service's own subscription
 * (learnt from {@code generation.requested}); an outcome that overtakes its request waits a little for it, and
 * after {@link #REQUEST_GRACE} is sent with what the outcome itself says.
 */
public final class OutcomeHandler implements EventHandler {

    static final Duration REQUEST_GRACE = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(OutcomeHandler.class);

    private final SubscriptionStore subscriptions;
    private final DeliveryStore store;
    private final Predicate<DeliveryStore.NewDelivery> queue;

    /**
     * @param queue queues a delivery once and says whether it was queued now: the dispatcher's
     *              {@link DeliveryDispatcher#queue}, which also sends it at once when it has room
     */
    OutcomeHandler(SubscriptionStore subscriptions, DeliveryStore store, Predicate<DeliveryStore.NewDelivery> queue) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.queue = queue;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationCompleted completed) {
            subscription(event, completed.webhookUrl()).ifPresent(subscription ->
                    queue(event, subscription, WebhookPayloads.completed(completed, subscription.generationCreatedAt())));
        } else if (event instanceof GenerationFailed failed) {
            subscription(event, failed.webhookUrl()).ifPresent(subscription -> {
                if (failed.code() == FailureCode.DELETED) {
                    store.suppress(delivery(event, subscription, new byte[0]));
                } else {
                    queue(event, subscription, WebhookPayloads.failed(failed, subscription.generationCreatedAt()));
                }
            });
        }
    }

    private Optional<Subscription> subscription(GenerationEvent event, String urlInEvent) {
        Optional<Subscription> subscription = subscriptions.find(event.generationId());
        if (subscription.isPresent() || urlInEvent == null) {
            return subscription;
        }
        if (Duration.between(event.occurredAt(), Instant.now()).compareTo(REQUEST_GRACE) < 0) {
            throw new RetriableEventException("the request of " + event.generationId() + " was not read yet");
        }
        log.warn("event=webhook_without_subscription generation_id={}", event.generationId());
        return Optional.of(new Subscription(event.generationId(), event.accountId(), urlInEvent, event.occurredAt()));
    }

    private void queue(GenerationEvent event, Subscription subscription, byte[] payload) {
        if (queue.test(delivery(event, subscription, payload))) {
            log.info("event=webhook_queued generation_id={} type={}", event.generationId(), event.type());
        }
    }

    private static DeliveryStore.NewDelivery delivery(GenerationEvent event, Subscription subscription, byte[] payload) {
        return new DeliveryStore.NewDelivery(event.generationId(), subscription.accountId(), event.type(),
                subscription.url(), payload, event.occurredAt());
    }
}
