package com.genpicz.webhook;

import com.genpicz.common.lifecycle.PollingWorker;
import com.genpicz.common.webhooks.RefusedDestination;
import com.genpicz.common.webhooks.WebhookDestination;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued webhooks and reschedules failed ones with exponential back-off. Several dispatchers (one per
 * webhook-service instance) share the queue through row leases. Each attempt checks the destination again and
 * connects only to the addresses that check saw ({@link PinnedWebhookClient}); redirects are not followed, since a
 * redirect could lead past the check.
 */
public final class DeliveryDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private static final int BATCH = 16;
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(6);

    private final DeliveryStore store;
    private final WebhookUrlPolicy urlPolicy;
    private final WebhookConfig config;
    private final PinnedWebhookClient http;
    private final PollingWorker worker;

    public DeliveryDispatcher(DeliveryStore store, WebhookUrlPolicy urlPolicy, WebhookConfig config) {
        this(store, urlPolicy, config, defaultTls());
    }

    /** With the TLS settings (trusted certificates) that HTTPS receivers are checked against. */
    DeliveryDispatcher(DeliveryStore store, WebhookUrlPolicy urlPolicy, WebhookConfig config, SSLContext tls) {
        this.store = store;
        this.urlPolicy = urlPolicy;
        this.config = config;
        this.http = new PinnedWebhookClient(tls, config.requestTimeout());
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
        WebhookDestination destination;
        try {
            destination = urlPolicy.resolveDestination(delivery.url());
        } catch (RefusedDestination refused) {
            store.markFailed(delivery, null, refused.getMessage(), null);
            log.warn("event=webhook_refused generation_id={} reason=\"{}\"", delivery.generationId(),
                    refused.getMessage());
            return;
        }
        try {
            int status = http.post(destination, headers(delivery), delivery.payload());
            if (status / 100 == 2) {
                store.markDelivered(delivery, status);
                log.info("event=webhook_delivered generation_id={} type={} status={} attempt={}",
                        delivery.generationId(), delivery.eventType(), status, delivery.attempts() + 1);
            } else {
                retryLater(delivery, status, "HTTP " + status);
            }
        } catch (IOException | RuntimeException e) {
            retryLater(delivery, null, e.toString());
        }
    }

    private static Map<String, String> headers(Delivery delivery) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GenPicz-Webhooks/1");
        headers.put("X-GenPicz-Signature", WebhookSigner.bodySignature(delivery.secret(), delivery.payload()));
        headers.put("X-GenPicz-Event", delivery.eventType());
        headers.put("webhook-id", delivery.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.standardSignature(
                delivery.secret(), delivery.messageId(), timestamp, delivery.payload()));
        return headers;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
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
