package com.genpicz.inference.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching in front of another renderer: concurrent {@link #render} calls that share size, steps, sampler
 * and guidance on/off go to the delegate as one {@link ImageRenderer#renderBatch}. A batch leaves when it is full
 * or when its oldest request has waited {@code maxWait}. If a batch fails, its requests are retried one by one so
 * one bad request cannot fail its neighbours. Two batches may be in the delegate at once, so one batch's PNG
 * encoding (on the calling thread of {@code renderBatch}) overlaps the next batch's sampling; meanwhile new
 * requests queue up and form the batch after. Closing this renderer closes the delegate.
 */
public final class BatchingRenderer implements ImageRenderer {

    private static final Logger log = LoggerFactory.getLogger(BatchingRenderer.class);
    private static final int BATCHES_IN_FLIGHT = 2;

    private final ImageRenderer delegate;
    private final SamplingObserver observer;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedList<Pending> queue = new LinkedList<>();
    private final Thread dispatcher;
    private final Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
    private final ExecutorService batchRunners;
    private boolean closed;

    /**
     * @param maxBatchSize the most requests in one delegate call (at least 1)
     * @param maxWait how long the first request of a batch waits for company
     */
    public BatchingRenderer(ImageRenderer delegate, int maxBatchSize, Duration maxWait) {
        this(delegate, maxBatchSize, maxWait, SamplingObserver.NONE);
    }

    /** @param observer told how long each request waited for its batch to start */
    public BatchingRenderer(ImageRenderer delegate, int maxBatchSize, Duration maxWait, SamplingObserver observer) {
        this.observer = observer;
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        this.delegate = delegate;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.batchRunners = Executors.newFixedThreadPool(BATCHES_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "render-batch");
            thread.setDaemon(true);
            return thread;
        });
        this.dispatcher = new Thread(this::dispatchUntilClosed, "render-batcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public RenderedImage render(RenderRequest request) {
        Pending pending = new Pending(request, RequestRules.check(request), new CompletableFuture<>(),
                System.nanoTime());
        lock.lock();
        try {
            if (closed) {
                throw new RenderException(RenderException.RENDERER_CLOSED, "the renderer is closed");
            }
            queue.add(pending);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return RenderException.await(pending.result());
    }

    /** Already a batch: goes straight to the delegate. */
    @Override
    public List<RenderedImage> renderBatch(List<RenderRequest> requests) {
        return delegate.renderBatch(requests);
    }

    private void dispatchUntilClosed() {
        while (true) {
            inFlight.acquireUninterruptibly();
            List<Pending> batch = nextBatch();
            if (batch == null) {
                inFlight.release();
                return;
            }
            batchRunners.execute(() -> {
                try {
                    long started = System.nanoTime();
                    batch.forEach(pending -> observer.waited(started - pending.queuedAt()));
                    run(batch);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    /** Blocks for the next batch; null once closed. */
    private List<Pending> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                arrived.awaitUninterruptibly();
            }
            if (closed) {
                return null;
            }
            Pending first = queue.removeFirst();
            List<Pending> batch = new ArrayList<>(List.of(first));
            long deadline = System.nanoTime() + maxWaitNanos;
            while (true) {
                takeMatching(first.shape(), batch);
                long left = deadline - System.nanoTime();
                if (batch.size() >= maxBatchSize || left <= 0 || closed) {
                    return batch;
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void takeMatching(BatchShape shape, List<Pending> batch) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxBatchSize; ) {
            Pending candidate = it.next();
            if (candidate.shape().equals(shape)) {
                batch.add(candidate);
                it.remove();
            }
        }
    }

    private void run(List<Pending> batch) {
        try {
            List<RenderedImage> images = delegate.renderBatch(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(images.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            log.warn("Batch of {} failed ({}); rendering its requests one by one", batch.size(), e.toString());
            for (Pending pending : batch) {
                run(List.of(pending));
            }
        }
    }

    /** Fails queued requests with {@code renderer_closed}, lets running batches finish, then closes the delegate. */
    @Override
    public void close() {
        List<Pending> abandoned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(p -> p.result().completeExceptionally(
                new RenderException(RenderException.RENDERER_CLOSED, "the renderer closed before this request ran")));
        try {
            dispatcher.join(TimeUnit.MINUTES.toMillis(5));
            batchRunners.shutdown();
            batchRunners.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }

    private record Pending(RenderRequest request, BatchShape shape, CompletableFuture<RenderedImage> result,
                           long queuedAt) {}
}
