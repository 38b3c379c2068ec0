package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/**
 * A failure its adapter recognises but cannot call transient or permanent (a native engine error, say): tried a
 * few times like any unknown failure, then given up with {@link #failureCode()}.
 */
public class UnexpectedEventException extends EventFailure {
    public UnexpectedEventException(FailureCode code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.UNKNOWN;
    }
}
