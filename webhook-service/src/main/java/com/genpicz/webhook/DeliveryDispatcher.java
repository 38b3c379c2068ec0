package com.genpicz.webhook;

import com.genpicz.common.kafka.StageRecorder;
import com.genpicz.common.generations.PipelineStage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>A new delivery that finds a free slot is queued already leased and sent at once ({@link #queue}); only retries,
 * deliveries that found no room, and those a dead instance left behind wait for a lease query.
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
    /** How long closing waits for attempts in flight, a hanging receiver's included. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /** Under load, lease when this many slots are free rather than for every one that frees: one query for many. */
    private static final int LEASE_BATCH = 16;
    /**
     * Once caught up, lease at most this often: every queued webhook wakes the dispatcher, and a lease query per
     * webhook capped throughput at about 200 a second (measured, bench/webhooks); gathering what arrives within this
     * interval into one lease costs each webhook at most that much latency.
     */
    private static final long CAUGHT_UP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final DeliveryStore store;
    private final SigningSecrets secrets;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final WebhookMetrics metrics;
    private final AttemptResults results;
    private final int concurrency;
    private final int perDestination;
    private final Duration lease;
    /** Slots taken, in total and per destination; changed only under {@link #slots}. */
    private final Object slots = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Integer> inFlightByDestination = new HashMap<>();
    private final Set<String> onProbation = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread = new Thread(this::run, "webhook-dispatcher");
    private volatile boolean running = true;
    /**
     * Whether due deliveries may be waiting for slots: set when one was queued without a slot or a lease filled
     * every free one, cleared when a lease found less than it had room for. A freed slot wakes the dispatcher only
     * then; otherwise a lease query per finished attempt would look for work that the fast path already took.
     */
    private volatile boolean backlogged = true;
    private final StageRecorder stages;

    DeliveryDispatcher(DeliveryStore store, SigningSecrets secrets, WebhookSender sender, RetrySchedule schedule,
                       WebhookMetrics metrics, WebhookConfig config, StageRecorder stages) {
        this.stages = stages;
        this.store = store;
        this.secrets = secrets;
        this.sender = sender;
        this.schedule = schedule;
        this.metrics = metrics;
        this.results = new AttemptResults(store);
        this.concurrency = config.concurrency();
        this.perDestination = config.perDestination();
        this.lease = config.requestTimeout().plus(LEASE_MARGIN);
        metrics.watchInFlight(inFlight::get, onProbation::size);
        metrics.watchInFlightByDestination(this::inFlightByDestination);
    }

    DeliveryDispatcher start() {
        thread.start();
        return this;
    }

    /** Look at the queue now: something was queued, or a slot came free. */
    void wake() {
        wake.release();
    }

    /**
     * Queues a new delivery once (a redelivered event queues nothing) and, when a slot is free for it, sends it
     * at once under a lease taken in the same statement. True when it was queued now.
     */
    boolean queue(DeliveryStore.NewDelivery delivery) {
        String destination = DeliveryStore.destinationOf(delivery.url());
        if (!running || !reserve(destination)) {
            boolean queued = store.enqueue(delivery);
            backlogged = true;
            wake();
            return queued;
        }
        Optional<Delivery> leased;
        try {
            leased = store.enqueueLeased(delivery, lease);
        } catch (RuntimeException e) {
            release(destination);
            throw e;
        }
        if (leased.isEmpty()) {
            release(destination);
            return false;
        }
        send(leased.get());
        return true;
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
                awaitGatheringInterval();
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

    private long lastCaughtUp;

    /** After a lease that found less than it had room for, let more arrive before the next one. */
    private void awaitGatheringInterval() throws InterruptedException {
        long wait = lastCaughtUp + CAUGHT_UP_INTERVAL_NANOS - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Leases as many due deliveries as there are free slots, and starts them; repeats while it filled up. */
    private void dispatchDue() {
        while (running) {
            int busy = inFlight.get();
            int free = concurrency - busy;
            if (free <= 0 || (busy > 0 && free < Math.min(LEASE_BATCH, concurrency))) {
                return;
            }
            List<Delivery> leased = store.leaseDue(free, fullDestinations(), this::freeSlots, perDestination, lease);
            leased.forEach(this::start);
            if (leased.size() < free) {
                backlogged = false;
                lastCaughtUp = System.nanoTime();
                return;
            }
            backlogged = true;
        }
    }

    private Set<String> fullDestinations() {
        Set<String> full = new HashSet<>();
        synchronized (slots) {
            inFlightByDestination.keySet().forEach(destination -> {
                if (freeSlots(destination) <= 0) {
                    full.add(destination);
                }
            });
        }
        return full;
    }

    private int freeSlots(String destination) {
        int limit = onProbation.contains(destination) ? 1 : perDestination;
        synchronized (slots) {
            return limit - inFlightByDestination.getOrDefault(destination, 0);
        }
    }

    private Map<String, Integer> inFlightByDestination() {
        synchronized (slots) {
            return Map.copyOf(inFlightByDestination);
        }
    }

    /** Takes a slot in total and one of the destination's, if both are free. */
    private boolean reserve(String destination) {
        synchronized (slots) {
            if (inFlight.get() >= concurrency || freeSlots(destination) <= 0) {
                return false;
            }
            inFlight.incrementAndGet();
            inFlightByDestination.merge(destination, 1, Integer::sum);
            return true;
        }
    }

    /** Frees the slots; the queue is looked at again only if it may hold due deliveries that found no room. */
    private void release(String destination) {
        synchronized (slots) {
            inFlight.decrementAndGet();
            inFlightByDestination.computeIfPresent(destination, (host, count) -> count <= 1 ? null : count - 1);
            slots.notifyAll();
        }
        if (backlogged) {
            wake();
        }
    }

    /**
     * Sends a leased delivery if its slots are still free; a new delivery may have taken the last one since the
     * lease query looked, and then the lease is handed back unattempted.
     */
    private void start(Delivery delivery) {
        if (reserve(delivery.host())) {
            send(delivery);
        } else {
            store.unattempted(delivery, Instant.now());
        }
    }

    private void send(Delivery delivery) {
        if (delivery.attempt() == 1) {
            metrics.firstAttempt(Duration.between(delivery.queuedAt(), Instant.now()));
        }
        secrets.of(delivery.accountId())
                .thenCompose(keys -> sender.send(delivery.url(), headers(delivery, keys), delivery.payload()))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        unsent(delivery, error);
                        return;
                    }
                    try {
                        results.record(decide(delivery, result), () -> release(delivery.host()));
                    } catch (RuntimeException e) {
                        release(delivery.host());
                        throw e;
                    }
                });
    }

    private void unsent(Delivery delivery, Throwable error) {
        try {
            store.unattempted(delivery, Instant.now().plus(UNSIGNED_RETRY));
            metrics.attempt("unsent", 0);
            log.warn("event=webhook_not_signed delivery_id={} reason=\"{}\"", delivery.id(), error.toString());
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is due again.
            log.warn("event=webhook_record_failed delivery_id={} reason=\"{}\"", delivery.id(), e.toString());
        } finally {
            release(delivery.host());
        }
    }

    /** What the receiver's answer means for the delivery: delivered, retried later, or given up. */
    private DeliveryStore.Result decide(Delivery delivery, WebhookSender.Result result) {
        boolean reachable = result.kind() == WebhookSender.Kind.ANSWERED;
        if (reachable) {
            onProbation.remove(delivery.host());
        } else if (result.kind() != WebhookSender.Kind.REFUSED) {
            onProbation.add(delivery.host());
        }
        Integer status = reachable ? result.status() : null;
        if (result.accepted()) {
            metrics.attempt("delivered", result.latencyMillis());
            metrics.delivered(Duration.between(delivery.queuedAt(), Instant.now()));
            stages.record(PipelineStage.WEBHOOK, delivery.generationId(), delivery.accountId(), delivery.queuedAt(),
                    delivery.queuedAt(), Instant.now());
            log.info("event=webhook_delivered generation_id={} delivery_id={} status={} attempt={} ms={}",
                    delivery.generationId(), delivery.id(), result.status(), delivery.attempt(), result.latencyMillis());
            return outcome(delivery, DeliveryStore.Outcome.DELIVERED, result, status, null);
        }
        if (result.kind() == WebhookSender.Kind.REFUSED || (reachable && result.status() == 410)) {
            DeliveryStore.Outcome outcome = reachable ? DeliveryStore.Outcome.GONE : DeliveryStore.Outcome.FAILED;
            metrics.attempt(outcome.label(), result.latencyMillis());
            log.warn("event=webhook_stopped generation_id={} delivery_id={} reason=\"{}\"", delivery.generationId(),
                    delivery.id(), result.error());
            return outcome(delivery, outcome, result, status, null);
        }
        Duration retryAfter = reachable && (result.status() == 429 || result.status() == 503) ? result.retryAfter() : null;
        Instant next = schedule.next(delivery.attempt(), Instant.now(), retryAfter);
        DeliveryStore.Outcome outcome = next == null ? DeliveryStore.Outcome.FAILED : DeliveryStore.Outcome.RETRY;
        metrics.attempt(outcome.label(), result.latencyMillis());
        log.warn("event=webhook_attempt_failed generation_id={} delivery_id={} attempt={} error=\"{}\" next={}",
                delivery.generationId(), delivery.id(), delivery.attempt(), result.error(),
                next == null ? "none: failed" : next);
        return outcome(delivery, outcome, result, status, next);
    }

    private static DeliveryStore.Result outcome(Delivery delivery, DeliveryStore.Outcome outcome,
                                                WebhookSender.Result result, Integer status, Instant next) {
        return new DeliveryStore.Result(delivery, outcome, status, result.error(), result.latencyMillis(), next);
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

    /**
     * Stops leasing and queueing leased; waits a little for attempts in flight, so that their results are recorded
     * rather than sent again by whoever takes over the lease, then records what finished.
     */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            awaitInFlight(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        results.close();
    }

    private void awaitInFlight(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (slots) {
            for (long left = grace.toNanos(); inFlight.get() > 0 && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(slots, left);
            }
        }
    }
}
