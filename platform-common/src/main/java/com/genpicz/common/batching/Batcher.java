package com.genpicz.common.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many request threads' small database statements as one batch. One thread takes everything queued (up to
 * a bound) while its previous batch ran, so an idle server runs each item at once and a busy one pays one round
 * trip (and, for writes, one commit) per batch instead of one per request, and request threads stop queueing for
 * pool connections.
 *
 * <p>A caller whose item was not taken within the wait bound gets the "unavailable" exception its owner chose
 * (ingress answers it with a 503; a consumer retries the record), and its item is then never written: a client told
 * "unavailable" must not be charged for a generation it believes was refused.
 */
public final class Batcher<I, O> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    /** Runs one batch; returns one result per item, in the items' order. */
    @FunctionalInterface
    public interface BatchWriter<I, O> {
        List<O> write(List<I> items);
    }

    private static final class Pending<I, O> {
        private final I item;
        private final CompletableFuture<O> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        private Pending(I item) {
            this.item = item;
        }

        /** Exactly one of the writer (to write it) and the timed-out caller (to abandon it) claims an item. */
        private boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private final String name;
    private final int maxBatch;
    private final Duration maxQueueWait;
    private final BatchWriter<I, O> writer;
    private final Function<String, RuntimeException> unavailable;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param unavailable makes the exception a caller gets when its item was not taken in time or the batcher is
     *                    shutting down, from a message for the client
     */
    public Batcher(String name, int maxBatch, Duration maxQueueWait, Function<String, RuntimeException> unavailable,
                   BatchWriter<I, O> writer) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.maxQueueWait = maxQueueWait;
        this.unavailable = unavailable;
        this.writer = writer;
        this.thread = new Thread(this::run, name + "-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs the item with whatever else is queued and returns its result; throws what the batch threw. */
    public O submit(I item) {
        if (closed) {
            throw shuttingDown();
        }
        Pending<I, O> pending = new Pending<>(item);
        queue.add(pending);
        try {
            return awaitResult(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable.apply("The request was interrupted; retry shortly.");
        } catch (ExecutionException e) {
            throw asUnchecked(e.getCause());
        }
    }

    /** Items waiting for the next batch. */
    public int queued() {
        return queue.size();
    }

    private O awaitResult(Pending<I, O> pending) throws InterruptedException, ExecutionException {
        try {
            return pending.result.get(maxQueueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (pending.claim()) {
                throw unavailable.apply("The database is not keeping up; retry shortly.");
            }
            // The writer took the item: its outcome is what the client must hear.
            return pending.result.get();
        }
    }

    private void run() {
        while (!closed) {
            try {
                writeNextBatch();
            } catch (InterruptedException e) {
                break;
            }
        }
        failQueued(shuttingDown());
    }

    private void writeNextBatch() throws InterruptedException {
        Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        List<Pending<I, O>> drained = new ArrayList<>();
        drained.add(first);
        queue.drainTo(drained, maxBatch - 1);
        List<Pending<I, O>> batch = new ArrayList<>(drained.size());
        for (Pending<I, O> pending : drained) {
            if (pending.claim()) {
                batch.add(pending);
            }
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private void write(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(pending -> items.add(pending.item));
        try {
            List<O> results = writer.write(items);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            // What queued meanwhile would meet the same unreachable database one connection timeout later, after
            // having waited for this batch: answering it now keeps every 503 within one timeout.
            failQueued(e);
            if (e instanceof Error) {
                log.error("event=batch_writer_died batcher={}", name, e);
                throw (Error) e;
            }
        }
    }

    private void failQueued(Throwable cause) {
        for (Pending<I, O> pending; (pending = queue.poll()) != null; ) {
            if (pending.claim()) {
                pending.result.completeExceptionally(cause);
            }
        }
    }

    private RuntimeException shuttingDown() {
        return unavailable.apply("The service is shutting down; retry shortly.");
    }

    private static RuntimeException asUnchecked(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** Stops taking items; the batch being written finishes, items still queued are refused as unavailable. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued(shuttingDown());
    }
}
