package com.genpicz.infra;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits in tests for something asynchronous to become true, with a deadline — never a fixed sleep. On timeout it
 * fails with the last value seen, so a red test says what it saw.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 25;

    private Eventually() {
    }

    /** Polls {@code supplier} until {@code accepted} holds and returns that value; fails after {@code limit}. */
    public static <T> T await(String description, Duration limit, Supplier<T> supplier, Predicate<T> accepted) {
        long end = System.nanoTime() + limit.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = supplier.get();
                lastError = null;
                if (accepted.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() - end > 0) {
                AssertionError failure = new AssertionError("timed out after " + limit.toMillis() + " ms waiting for "
                        + description + "; last value: " + last);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            pause();
        }
    }

    /** Polls until {@code condition} is true; fails after {@code limit}. */
    public static void await(String description, Duration limit, Supplier<Boolean> condition) {
        await(description, limit, condition, Boolean.TRUE::equals);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
