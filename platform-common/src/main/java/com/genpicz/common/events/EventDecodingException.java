package com.genpicz.common.events;

import com.genpicz.common.failures.PoisonEventException;

/** A record that can never be read as an event: it belongs on the dead-letter topic, not in a retry loop. */
public class EventDecodingException extends PoisonEventException {
    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
