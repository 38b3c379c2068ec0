package com.genpicz.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the results of finished attempts in batches: one thread takes everything that finished while it wrote
 * the previous batch and records it in one transaction. Written one transaction each, a delivery's database
 * statements took nearly half of webhook-service's time (bench/webhooks, JFR); an idle service still writes each
 * result at once.
 *
 * <p>A batch the database refuses (it is restarting) is written again, with back-off, for up to half a minute: a
 * result recorded late is still right (the updates are guarded by status and attempt number), while a result
 * given up makes the delivery's lease run out and the attempt go out again under the same {@code webhook-id} —
 * which a receiver sees as a duplicate. The fault run saw exactly that across a PostgreSQL restart before this
 * retry. Each result's callback runs once it is written, or once writing was given up.
 */
final class AttemptResults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptResults.class);
    private static final int MAX_BATCH = 256;
    private static final long RETRY_FOR_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private record Pending(DeliveryStore.Result result, Runnable written) {
    }

    private final DeliveryStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "webhook-results");
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();

    AttemptResults(DeliveryStore store) {
        this.store = store;
        thread.setDaemon(true);
        thread.start();
    }

    /** Records the result with the next batch, then runs {@code written}. */
    void record(DeliveryStore.Result result, Runnable written) {
        queue.add(new Pending(result, written));
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Pending> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        long deadline = System.nanoTime() + RETRY_FOR_NANOS;
        long backoff = 100;
        try {
            while (true) {
                try {
                    store.record(batch.stream().map(Pending::result).toList());
                    return;
                } catch (RuntimeException e) {
                    if (!running || System.nanoTime() > deadline) {
                        log.warn("event=webhook_record_failed attempts={} reason=\"{}\"", batch.size(), e.toString());
                        return;
                    }
                    retries.incrementAndGet();
                    log.info("event=webhook_record_retried attempts={} reason=\"{}\"", batch.size(), e.toString());
                }
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(pending -> pending.written().run());
        }
    }

    /** Batches written again after the database refused them. */
    long retries() {
        return retries.get();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
