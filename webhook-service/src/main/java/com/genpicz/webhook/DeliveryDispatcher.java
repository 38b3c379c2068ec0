package com.genpicz.webhook;

import com.genpicz.common.lifecycle.PollingWorker;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued webhooks and reschedules failed ones with exponential back-off. Several dispatchers (one per
 * webhook-service instance) share the queue through row leases. Redirects are not followed: a redirect could lead
 * past the destination check.
 */
public final class DeliveryDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private static final int BATCH = 16;
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(6);

    private final DeliveryStore store;
    private final WebhookUrlPolicy urlPolicy;
    private final WebhookConfig config;
    private final HttpClient http;
    private final PollingWorker worker;

    public DeliveryDispatcher(DeliveryStore store, WebhookUrlPolicy urlPolicy, WebhookConfig config) {
        this.store = store;
        this.urlPolicy = urlPolicy;
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.worker = new PollingWorker("webhook-dispatcher", this::deliverDue, BATCH, IDLE_WAIT,
                new PollingWorker.Health() {
                    @Override
                    public void failed(Exception failure) {
                        // The database may be briefly away; leases make a retry safe.
                        log.warn("event=webhook_dispatch_failed reason=\"{}\"", failure.toString());
                    }

                    @Override
                    public void recovered() {
                        log.info("event=webhook_dispatch_recovered");
                    }
                });
    }

    public DeliveryDispatcher start() {
        worker.start();
        return this;
    }

    /** Asks for an immediate look at the queue instead of waiting for the next tick. */
    public void wake() {
        worker.wake();
    }

    /** Delivers one batch of due webhooks; the worker calls it again at once while batches are full. */
    private int deliverDue() {
        List<Delivery> due = store.leaseDue(BATCH);
        due.forEach(this::deliver);
        return due.size();
    }

    private void deliver(Delivery delivery) {
        Optional<String> refused = urlPolicy.checkDestination(delivery.url());
        if (refused.isPresent()) {
            store.markFailed(delivery, null, refused.get(), null);
            log.warn("event=webhook_refused generation_id={} reason=\"{}\"", delivery.generationId(), refused.get());
            return;
        }
        try {
            HttpResponse<Void> response = http.send(request(delivery), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                store.markDelivered(delivery, response.statusCode());
                log.info("event=webhook_delivered generation_id={} type={} status={} attempt={}",
                        delivery.generationId(), delivery.eventType(), response.statusCode(), delivery.attempts() + 1);
            } else {
                retryLater(delivery, response.statusCode(), "HTTP " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            retryLater(delivery, null, e.toString());
        }
    }

    private HttpRequest request(Delivery delivery) {
        long timestamp = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "GenPicz-Webhooks/1")
                .header("X-GenPicz-Signature", WebhookSigner.bodySignature(delivery.secret(), delivery.payload()))
                .header("X-GenPicz-Event", delivery.eventType())
                .header("webhook-id", delivery.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.standardSignature(
                        delivery.secret(), delivery.messageId(), timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.payload()))
                .build();
    }

    private void retryLater(Delivery delivery, Integer status, String error) {
        int attempt = delivery.attempts() + 1;
        Instant retryAt = attempt >= config.maxAttempts() ? null : Instant.now().plus(delayAfter(attempt));
        store.markFailed(delivery, status, error, retryAt);
        log.warn("event=webhook_attempt_failed generation_id={} attempt={} error=\"{}\" next={}",
                delivery.generationId(), attempt, error, retryAt == null ? "abandoned" : retryAt);
    }

    private Duration delayAfter(int attempt) {
        Duration delay = config.firstRetry().multipliedBy((long) Math.pow(4, Math.min(attempt - 1, 12)));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    @Override
    public void close() {
        worker.close();
    }
}
