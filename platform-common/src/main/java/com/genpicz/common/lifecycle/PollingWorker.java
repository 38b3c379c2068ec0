package com.genpicz.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A background thread that drains a table-backed queue (outbox, webhook deliveries): it works while there is work,
 * sleeps until {@link #wake()} or a short idle timeout when there is none, and pauses after a failure (a
 * database or broker briefly away) before trying again.
 */
public final class PollingWorker implements AutoCloseable {

    /** One round of work: returns how many items it handled; a full batch means "more may be waiting". */
    @FunctionalInterface
    public interface Round {
        int run() throws Exception;
    }

    /** Told about each failed and each first successful round after failures. */
    public interface Health {
        void failed(Exception failure);

        void recovered();
    }

    private final Round round;
    private final int batchSize;
    private final Duration idleWait;
    private final Health health;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    public PollingWorker(String name, Round round, int batchSize, Duration idleWait, Health health) {
        this.round = round;
        this.batchSize = batchSize;
        this.idleWait = idleWait;
        this.health = health;
        this.thread = new Thread(this::loop, name);
    }

    public PollingWorker start() {
        thread.start();
        return this;
    }

    /** Work now instead of at the end of the idle wait. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                int handled = round.run();
                if (failing) {
                    failing = false;
                    health.recovered();
                }
                if (handled < batchSize) {
                    wake.tryAcquire(idleWait.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failing = true;
                health.failed(e);
                pauseAfterFailure();
            }
        }
    }

    private void pauseAfterFailure() {
        try {
            wake.tryAcquire(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
