package com.genpicz.common.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {

    /** What the owner of a batcher chose to be told when an item was not taken in time. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<Integer>> written = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void itemsQueuedWhileABatchIsWrittenGoTogetherAndEachCallerGetsItsOwnResult() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 100, Duration.ofSeconds(5), Unavailable::new,
                items -> {
            written.add(List.copyOf(items));
            firstBatchStarted.countDown();
            await(release);
            return items.stream().map(i -> "result-" + i).toList();
        })) {
            Future<String> first = callers.submit(() -> batcher.submit(0));
            firstBatchStarted.await(5, TimeUnit.SECONDS);
            List<Future<String>> queued = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                int item = i;
                queued.add(callers.submit(() -> batcher.submit(item)));
            }
            awaitQueued(batcher, 20);
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("result-0");
            for (int i = 1; i <= 20; i++) {
                assertThat(queued.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo("result-" + i);
            }
            assertThat(written).hasSize(2);
            assertThat(written.get(1)).hasSize(20);
        }
    }

    @Test
    void aFailedBatchFailsWhatQueuedBehindItAtOnce() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException unreachable = new IllegalStateException("database unreachable");
        try (Batcher<Integer, Integer> batcher = new Batcher<>("test", 100, Duration.ofSeconds(5), Unavailable::new,
                items -> {
            written.add(List.copyOf(items));
            firstBatchStarted.countDown();
            await(release);
            throw unreachable;
        })) {
            Future<Integer> first = callers.submit(() -> batcher.submit(0));
            firstBatchStarted.await(5, TimeUnit.SECONDS);
            Future<Integer> queued = callers.submit(() -> batcher.submit(1));
            awaitQueued(batcher, 1);
            release.countDown();

            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCause(unreachable);
            assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).hasCause(unreachable);
            assertThat(written).hasSize(1);
        }
    }

    @Test
    void anItemNotTakenWithinTheWaitBoundIsRefusedAndNeverWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        try (Batcher<Integer, Integer> batcher = new Batcher<>("test", 100, Duration.ofMillis(200), Unavailable::new,
                items -> {
            written.add(List.copyOf(items));
            firstBatchStarted.countDown();
            await(release);
            return items;
        })) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> batcher.submit(0), callers);
            firstBatchStarted.await(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> batcher.submit(1)).isInstanceOf(Unavailable.class);
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(batcher.submit(2)).isEqualTo(2);
            assertThat(written).containsExactly(List.of(0), List.of(2));
        }
    }

    private static void awaitQueued(Batcher<?, ?> batcher, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batcher.queued() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(batcher.queued()).isEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
