package com.genpicz.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhooks concurrently, with bounded concurrency in total and per destination, so that a slow or
 * hanging receiver only ever holds its own slots: a destination that timed out or could not be reached on its
 * last attempt is held to one attempt at a time until it answers again. Pending retries are rows with a due time,
 * not threads. Several dispatchers (one per instance) share the queue through leases that last one attempt's time
 * limit plus a margin, so a dead instance's deliveries are due again within seconds.
 *
 * <p>Each lease counts the attempt before it is sent. A receiver's answer decides what follows: 2xx delivered;
 * 410 Gone stops the delivery; anything else, no answer included, is retried on the {@link RetrySchedule}
 * (honouring {@code Retry-After}) until the last attempt, after which the delivery is failed and kept.
 */
final class DeliveryDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(250);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    private static final Duration UNSIGNED_RETRY = Duration.ofSeconds(2);

    private final DeliveryStore store;
    private final SigningSecrets secrets;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final WebhookMetrics metrics;
    private final int concurrency;
    private final int perDestination;
    private final Duration lease;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByDestination = new ConcurrentHashMap<>();
    private final Set<String> onProbation = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread = new Thread(this::run, "webhook-dispatcher");
    private volatile boolean running = true;

    DeliveryDispatcher(DeliveryStore store, SigningSecrets secrets, WebhookSender sender, RetrySchedule schedule,
                       WebhookMetrics metrics, WebhookConfig config) {
        this.store = store;
        this.secrets = secrets;
        this.sender = sender;
        this.schedule = schedule;
        this.metrics = metrics;
        this.concurrency = config.concurrency();
        this.perDestination = config.perDestination();
        this.lease = config.requestTimeout().plus(LEASE_MARGIN);
        metrics.watchInFlight(inFlight::get, onProbation::size);
    }

    DeliveryDispatcher start() {
        thread.start();
        return this;
    }

    /** Look at the queue now: something was queued, or a slot came free. */
    void wake() {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
                wake.tryAcquire(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be briefly away; leases make the next round safe.
                log.warn("event=webhook_dispatch_failed reason=\"{}\"", e.toString());
                pause();
            }
        }
    }

    /** Leases as many due deliveries as there are free slots, and starts them; repeats while it filled up. */
    private void dispatchDue() {
        while (running) {
            int free = concurrency - inFlight.get();
            if (free <= 0) {
                return;
            }
            List<Delivery> leased = store.leaseDue(free, fullDestinations(), this::freeSlots, perDestination, lease);
            leased.forEach(this::start);
            if (leased.size() < free) {
                return;
            }
        }
    }

    private Set<String> fullDestinations() {
        Set<String> full = new HashSet<>();
        inFlightByDestination.forEach((destination, count) -> {
            if (freeSlots(destination) <= 0) {
                full.add(destination);
            }
        });
        return full;
    }

    private int freeSlots(String destination) {
        int limit = onProbation.contains(destination) ? 1 : perDestination;
        AtomicInteger busy = inFlightByDestination.get(destination);
        return limit - (busy == null ? 0 : busy.get());
    }

    private void start(Delivery delivery) {
        inFlight.incrementAndGet();
        inFlightByDestination.computeIfAbsent(delivery.host(), host -> new AtomicInteger()).incrementAndGet();
        if (delivery.attempt() == 1) {
            metrics.firstAttempt(Duration.between(delivery.queuedAt(), Instant.now()));
        }
        secrets.of(delivery.accountId())
                .thenCompose(keys -> sender.send(delivery.url(), headers(delivery, keys), delivery.payload()))
                .whenComplete((result, error) -> {
                    try {
                        if (error != null) {
                            unsent(delivery, error);
                        } else {
                            record(delivery, result);
                        }
                    } catch (RuntimeException e) {
                        // The lease runs out and the delivery is due again: at worst it is sent once more.
                        log.warn("event=webhook_record_failed delivery_id={} reason=\"{}\"", delivery.id(), e.toString());
                    } finally {
                        release(delivery);
                    }
                });
    }

    private void release(Delivery delivery) {
        inFlight.decrementAndGet();
        inFlightByDestination.computeIfPresent(delivery.host(), (host, count) ->
                count.decrementAndGet() <= 0 ? null : count);
        wake();
    }

    private void unsent(Delivery delivery, Throwable error) {
        store.unsent(delivery, Instant.now().plus(UNSIGNED_RETRY));
        metrics.attempt("unsent", 0);
        log.warn("event=webhook_not_signed delivery_id={} reason=\"{}\"", delivery.id(), error.toString());
    }

    private void record(Delivery delivery, WebhookSender.Result result) {
        boolean reachable = result.kind() == WebhookSender.Kind.ANSWERED;
        if (reachable) {
            onProbation.remove(delivery.host());
        } else if (result.kind() != WebhookSender.Kind.REFUSED) {
            onProbation.add(delivery.host());
        }
        Integer status = reachable ? result.status() : null;
        if (result.accepted()) {
            store.delivered(delivery, result.status(), result.latencyMillis());
            metrics.attempt("delivered", result.latencyMillis());
            metrics.delivered(Duration.between(delivery.queuedAt(), Instant.now()));
            log.info("event=webhook_delivered generation_id={} delivery_id={} status={} attempt={} ms={}",
                    delivery.generationId(), delivery.id(), result.status(), delivery.attempt(), result.latencyMillis());
            return;
        }
        if (result.kind() == WebhookSender.Kind.REFUSED || (reachable && result.status() == 410)) {
            String outcome = reachable ? "gone" : "failed";
            store.failed(delivery, outcome, status, result.error(), result.latencyMillis());
            metrics.attempt(outcome, result.latencyMillis());
            log.warn("event=webhook_stopped generation_id={} delivery_id={} reason=\"{}\"", delivery.generationId(),
                    delivery.id(), result.error());
            return;
        }
        Duration retryAfter = reachable && (result.status() == 429 || result.status() == 503) ? result.retryAfter() : null;
        Instant next = schedule.next(delivery.attempt(), Instant.now(), retryAfter);
        if (next == null) {
            store.failed(delivery, "failed", status, result.error(), result.latencyMillis());
            metrics.attempt("failed", result.latencyMillis());
        } else {
            store.retryLater(delivery, status, result.error(), result.latencyMillis(), next);
            metrics.attempt("retry", result.latencyMillis());
        }
        log.warn("event=webhook_attempt_failed generation_id={} delivery_id={} attempt={} error=\"{}\" next={}",
                delivery.generationId(), delivery.id(), delivery.attempt(), result.error(),
                next == null ? "none: failed" : next);
    }

    /** The headers of one attempt: both signatures over the same bytes, a fresh timestamp each time. */
    static Map<String, String> headers(Delivery delivery, SigningSecrets.Secrets keys) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "GenPicz-Webhooks/1");
        headers.put("X-GenPicz-Signature", WebhookSigner.bodySignature(keys.current(), delivery.payload()));
        headers.put("X-GenPicz-Event", delivery.eventType());
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.standardSignatures(keys.all(), delivery.id(), timestamp,
                delivery.payload()));
        return headers;
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops leasing; attempts in flight finish (or their leases run out). */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
