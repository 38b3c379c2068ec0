package com.genpicz.common.failures;

import com.genpicz.common.generations.FailureCode;

/** The consumer itself cannot go on (misconfiguration, lost model, corrupted state): stop and let the operator look. */
public class FatalEventException extends EventFailure {
    public FatalEventException(String message, Throwable cause) {
        super(FailureCode.INTERNAL_ERROR, message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.FATAL;
    }
}
