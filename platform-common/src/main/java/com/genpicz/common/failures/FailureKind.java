package com.genpicz.common.failures;

/**
 * How a consumer loop treats a failed event. Adapters decide it by throwing an {@link EventFailure}; nothing is
 * classified by looking for familiar exception types in a cause chain.
 */
public enum FailureKind {
    /** Retry until it works (or the partition moves away): the event is fine, the world around it is not (yet). */
    TRANSIENT,
    /** Retry a few times, then give up: probably a bug or bad data, which must not block the partition. */
    UNKNOWN,
    /** Give up at once: the event can never succeed. */
    POISON,
    /** Nothing wrong with the event: the work was stopped from outside (shutdown). Leave it for the next owner. */
    ABANDONED,
    /** Stop the loop: this instance cannot go on. */
    FATAL;

    public static FailureKind of(Throwable failure) {
        if (failure instanceof EventFailure classified) {
            return classified.kind();
        }
        if (failure instanceof Error) {
            return FATAL;
        }
        if (failure instanceof InterruptedException) {
            return ABANDONED;
        }
        return UNKNOWN;
    }
}
