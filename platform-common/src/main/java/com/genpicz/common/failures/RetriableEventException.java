package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/** A side effect failed for a reason that goes away (a broker, database or bucket briefly out of reach). */
public class RetriableEventException extends EventFailure {
    public RetriableEventException(String message, Throwable cause) {
        super(FailureCode.INTERNAL_ERROR, message, cause);
    }

    public RetriableEventException(String message) {
        this(message, null);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.TRANSIENT;
    }
}
