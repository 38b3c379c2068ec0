package com.genpicz.common.events;

/** A record that can never be read as an event: it belongs on the dead-letter topic, not in a retry loop. */
public final class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
