package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/**
 * The work on an event was stopped from outside — the service is shutting down, the renderer closed, the thread
 * was interrupted. Never a customer failure: the event stays uncommitted and the partition's next owner does it.
 */
public class AbandonedEventException extends EventFailure {
    public AbandonedEventException(String message, Throwable cause) {
        super(FailureCode.INTERNAL_ERROR, message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.ABANDONED;
    }
}
