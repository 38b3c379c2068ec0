package com.genpicz.infra;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a time limit passes; servers start and stop asynchronously. */
final class Deadline {

    private static final long POLL_MILLIS = 20;

    private Deadline() {
    }

    /** Returns true once {@code condition} holds, false if it still does not after {@code limit}. */
    static boolean await(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
