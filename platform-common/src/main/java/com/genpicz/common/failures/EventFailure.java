package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/**
 * A failure that its adapter has already classified: the consumer loop reads {@link #kind()} instead of guessing
 * from the exception's class or cause chain. {@link #failureCode()} is what the generation fails with if the loop
 * gives up on it.
 */
public abstract class EventFailure extends RuntimeException {

    private final FailureCode failureCode;

    protected EventFailure(FailureCode failureCode, String message, Throwable cause) {
        super(message, cause);
        this.failureCode = failureCode;
    }

    public abstract FailureKind kind();

    public FailureCode failureCode() {
        return failureCode;
    }
}
