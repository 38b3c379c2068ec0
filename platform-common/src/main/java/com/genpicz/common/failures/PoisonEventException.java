package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/** The event can never be processed, however often it is retried: it is given up at once. */
public class PoisonEventException extends EventFailure {
    public PoisonEventException(FailureCode code, String message, Throwable cause) {
        super(code, message, cause);
    }

    public PoisonEventException(String message) {
        this(FailureCode.INVALID_EVENT, message, null);
    }

    public PoisonEventException(String message, Throwable cause) {
        this(FailureCode.INVALID_EVENT, message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.POISON;
    }
}
