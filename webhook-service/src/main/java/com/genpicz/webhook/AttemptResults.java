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
 * <p>Each result's callback runs once it is written, or once writing failed: the delivery's lease then runs out and
 * it is attempted again under the same {@code webhook-id}, which is at-least-once, not a loss.
 */
final class AttemptResults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptResults.class);
    private static final int MAX_BATCH = 256;

    private record Pending(DeliveryStore.Result result, Runnable written) {
    }

    private final DeliveryStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "webhook-results");
    private volatile boolean running = true;

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
        try {
            store.record(batch.stream().map(Pending::result).toList());
        } catch (RuntimeException e) {
            log.warn("event=webhook_record_failed attempts={} reason=\"{}\"", batch.size(), e.toString());
        } finally {
            batch.forEach(pending -> pending.written().run());
        }
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
