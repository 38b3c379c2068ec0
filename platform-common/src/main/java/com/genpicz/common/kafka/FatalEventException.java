package com.genpicz.common.kafka;

/** The consumer itself cannot go on (misconfiguration, lost model, corrupted state): stop and let the operator look. */
public class FatalEventException extends RuntimeException {
    public FatalEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
