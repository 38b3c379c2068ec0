package com.genpicz.common.kafka;

/** A side effect failed for a reason that goes away (a broker, database or bucket briefly out of reach). */
public class RetriableEventException extends RuntimeException {
    public RetriableEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableEventException(String message) {
        super(message);
    }
}
